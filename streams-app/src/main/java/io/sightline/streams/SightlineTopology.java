package io.sightline.streams;

import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.index.Quantizers;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import io.sightline.streams.errors.DeadLetterRouting;
import io.sightline.streams.errors.RawDeserializer;
import io.sightline.streams.errors.StrictUtf8Deserializer;
import io.sightline.streams.index.DescriptorApplier;
import io.sightline.streams.index.IndexProcessor;
import io.sightline.streams.index.LuceneShardStoreBuilder;
import io.sightline.streams.index.ShardSettings;
import io.sightline.streams.ingest.Batching;
import io.sightline.streams.ingest.ImageSourceLoader;
import io.sightline.streams.ingest.IngestProcessor;
import io.sightline.streams.ingest.Thumbnailer;
import io.sightline.streams.ingest.UploadValidator;
import io.sightline.streams.matches.CopyDetector;
import io.sightline.streams.matches.MatchFinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Sightline's Kafka Streams topology from two independent sub-topologies, either or both of which an
 * instance runs (its role):
 * <pre>
 *   ingest: images.uploaded (bytes) -> IngestProcessor -> images.descriptors | images.dlq
 *   index:  images.descriptors (bytes) -> IndexProcessor [LuceneShardStore, changelog = images.descriptors] -> images.dlq
 * </pre>
 * and, for copy detection (matches.publish), a third application of its own ({@link #buildMatches}):
 * <pre>
 *   matches: images.descriptors (bytes) -> CopyDetector [MatchFinder: the application's verified search] -> images.matches
 * </pre>
 * The ingest source reads keys and values; a record it cannot read becomes a dead letter through Kafka Streams'
 * deserialization exception handler, so every application built from this topology must run with
 * {@link #deadLetterRouting()}'s properties. The index source reads descriptor values as bytes: the index processor
 * deserializes them itself, because the shard's restore path sees the same bytes (docs/decisions/002, 011).
 */
public final class SightlineTopology {
    public static final String INDEX_STORE = "descriptor-index";

    /**
     * What the ingest sub-topology needs to turn an upload into a descriptor; {@code quantizers} are the served
     * bundle's (its descriptors then carry PQ / IVF-PQ codes), {@link Quantizers#none()} for none.
     */
    public record IngestStage(
            ImageSourceLoader loader,
            ImageDecoder decoder,
            DescriptorExtractor extractor,
            Quantizers quantizers,
            Batching batching) {
        public IngestStage(ImageSourceLoader loader, ImageDecoder decoder, DescriptorExtractor extractor) {
            this(loader, decoder, extractor, Quantizers.none());
        }

        public IngestStage(
                ImageSourceLoader loader, ImageDecoder decoder, DescriptorExtractor extractor, Quantizers quantizers) {
            this(loader, decoder, extractor, quantizers, Batching.none());
        }
    }

    /**
     * What the index sub-topology needs: the descriptor dimension, the vector format of the shards, the served
     * bundle's quantizers (the shards store the codes the descriptors carry and answer pq / ivfpq searches) and how
     * often the shards make new descriptors searchable.
     */
    public record IndexStage(int dimension, VectorFormat format, Quantizers quantizers, Duration refresh) {
        public IndexStage(int dimension, VectorFormat format, Quantizers quantizers) {
            this(dimension, format, quantizers, ShardIndex.DEFAULT_REFRESH);
        }

        public IndexStage(int dimension, VectorFormat format) {
            this(dimension, format, Quantizers.none());
        }
    }

    private final Topics topics;
    private final RecordSerdes serdes;
    private final Clock clock;

    public SightlineTopology(Topics topics, RecordSerdes serdes, Clock clock) {
        this.topics = topics;
        this.serdes = serdes;
        this.clock = clock;
    }

    /** The exception handlers' routing to this topology's dead-letter topic (add its streamsConfig()). */
    public DeadLetterRouting deadLetterRouting() {
        return new DeadLetterRouting(topics.deadLetters(), serdes.deadLetters().serializer(), new DeadLetters(clock));
    }

    /**
     * Copy detection: every new descriptor is looked up with {@code finder} (which searches every partition, so it
     * runs once the index is served) and the copies found go to the matches topic.
     */
    public Topology buildMatches(MatchFinder finder) {
        if (serdes.matches() == null) {
            throw new IllegalStateException("copy detection needs the ImageMatch serde (RecordSerdes.matches)");
        }
        Topology topology = new Topology();
        topology.addSource(
                "descriptors", new StrictUtf8Deserializer(), new ByteArrayDeserializer(), topics.descriptors());
        topology.addProcessor(
                "copy-detector",
                () -> new CopyDetector(
                        topics.descriptors(), serdes.descriptors().deserializer(), finder),
                "descriptors");
        topology.addSink(
                CopyDetector.TO_MATCHES,
                topics.matches(),
                new StringSerializer(),
                serdes.matches().serializer(),
                "copy-detector");
        return topology;
    }

    public Topology build(Optional<IngestStage> ingest, Optional<IndexStage> index) {
        if (ingest.isEmpty() && index.isEmpty()) {
            throw new IllegalArgumentException("an instance must run ingest, index or both");
        }
        Topology topology = new Topology();
        DeadLetters deadLetters = new DeadLetters(clock);
        StringSerializer keys = new StringSerializer();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> deadLetterValues = (Serializer) serdes.deadLetters().serializer();
        ingest.ifPresent(stage -> {
            // Keys and values are read at the source: what cannot be read goes to the deserialization exception
            // handler (deadLetterRouting), which dead-letters it with its raw coordinates (docs/decisions/011).
            topology.addSource(
                    "uploads",
                    new StrictUtf8Deserializer(),
                    new RawDeserializer<>(serdes.uploads().deserializer()),
                    topics.uploaded());
            topology.addProcessor(
                    "ingest",
                    () -> new IngestProcessor(
                            new UploadValidator(),
                            stage.loader(),
                            stage.decoder(),
                            stage.extractor(),
                            new Thumbnailer(
                                    Thumbnailer.DEFAULT_LONGEST_SIDE,
                                    stage.decoder().turbo()),
                            deadLetters,
                            clock,
                            new DescriptorCodes(stage.quantizers()),
                            stage.batching()),
                    "uploads");
            if (stage.batching().enabled()) {
                // Buffered uploads are logged to a changelog, so they are committed with their offsets (021).
                topology.addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(IngestProcessor.BUFFER_STORE),
                                Serdes.Long(),
                                Serdes.ByteArray()),
                        "ingest");
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Serializer<Object> descriptorValues =
                    (Serializer) serdes.descriptors().serializer();
            topology.addSink(IngestProcessor.TO_DESCRIPTORS, topics.descriptors(), keys, descriptorValues, "ingest");
            topology.addSink(IngestProcessor.TO_DEAD_LETTERS, topics.deadLetters(), keys, deadLetterValues, "ingest");
        });
        index.ifPresent(stage -> {
            // A read-only store: Kafka Streams uses the descriptors topic as the shard's changelog and rebuilds a
            // lost or moved shard from it (docs/decisions/002).
            DescriptorApplier applier = new DescriptorApplier(
                    topics.descriptors(), serdes.descriptors().deserializer());
            topology.addReadOnlyStateStore(
                    new LuceneShardStoreBuilder(
                            INDEX_STORE,
                            new ShardSettings(stage.dimension(), stage.format(), stage.quantizers(), stage.refresh()),
                            applier),
                    "descriptors",
                    new StrictUtf8Deserializer(),
                    new ByteArrayDeserializer(),
                    topics.descriptors(),
                    "index",
                    () -> new IndexProcessor(INDEX_STORE, applier, deadLetters));
            topology.addSink(IndexProcessor.TO_DEAD_LETTERS, topics.deadLetters(), keys, deadLetterValues, "index");
        });
        return topology;
    }
}
