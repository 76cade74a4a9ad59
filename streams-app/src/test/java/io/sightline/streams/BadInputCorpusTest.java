package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.FetchPolicy;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.RMac;
import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.BadInputCorpus.Case;
import io.sightline.streams.BadInputCorpus.Outcome;
import io.sightline.streams.ingest.ImageSourceLoader;
import io.sightline.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every case of {@link BadInputCorpus}, interleaved with real photos, through the ingest topology on the real
 * backbone with the secure fetch policy: each case ends where it must, every photo is indexed and no record is
 * lost. The outcome table goes to the log for the reliability report.
 */
class BadInputCorpusTest {
    private static final Logger LOG = LoggerFactory.getLogger(BadInputCorpusTest.class);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final Topics TOPICS = Topics.defaults();
    private static final ImageLimits LIMITS =
            new ImageLimits(2L << 20, 50_000_000L, Duration.ofSeconds(2), Duration.ofSeconds(2));
    private static final int PHOTOS = 6;

    @TempDir
    Path stateDir;

    @TempDir
    Path scratch;

    /** Where a record ended up. */
    private record Result(Outcome outcome, String reason) {}

    @Test
    void everyCaseEndsAsADescriptorOrADeadLetterWithItsStageAndNothingIsLost() throws Exception {
        LocalSchemaRegistry registry = new LocalSchemaRegistry(new InMemorySchemaStore());
        RecordSerdes serdes = new RecordSerdes(
                AvroSerdes.value(ImageUploaded.class, registry),
                AvroSerdes.value(ImageDescriptor.class, registry),
                AvroSerdes.value(DeadLetter.class, registry));
        BadInputCorpus.Serializers serializers = new BadInputCorpus.Serializers(
                e -> serdes.uploads().serializer().serialize(TOPICS.uploaded(), e),
                d -> serdes.deadLetters().serializer().serialize(TOPICS.deadLetters(), d));
        ImageDecoder decoder = new ImageDecoder(LIMITS);
        List<Path> photos = SharedData.photos(PHOTOS);
        var small = Images.resizeLongestSide(decoder.decode(Files.readAllBytes(photos.getFirst())), 160);
        List<Case> corpus = new BadInputCorpus(small, scratch, LIMITS.maxBytes(), serializers, CLOCK).build();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);

        // The secure policy: public hosts only, files only under the photo directory and the scratch directory.
        FetchPolicy policy = FetchPolicy.defaults().withFileRoots(List.of(SharedData.parisImages(), scratch));
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, policy);
                DescriptorExtractor extractor = new DescriptorExtractor(
                        new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1),
                        "features_17",
                        new RMac(3),
                        128)) {
            SightlineTopology topologies = new SightlineTopology(TOPICS, serdes, CLOCK);
            var topology = topologies.build(
                    Optional.of(new SightlineTopology.IngestStage(
                            new ImageSourceLoader(fetcher, LIMITS), decoder, extractor)),
                    Optional.empty());
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bad-input-corpus-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.putAll(topologies.deadLetterRouting().streamsConfig());
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
                TestInputTopic<byte[], byte[]> uploads = driver.createInputTopic(
                        TOPICS.uploaded(), new ByteArraySerializer(), new ByteArraySerializer());
                List<String> photoIds = new ArrayList<>();
                Map<Case, String> outputKeys = new java.util.IdentityHashMap<>();
                int published = 0;
                int interval = corpus.size() / PHOTOS;
                for (int i = 0; i < corpus.size(); i++) {
                    if (i % interval == 0 && photoIds.size() < PHOTOS) {
                        String id = publishPhoto(uploads, serializers, photos.get(photoIds.size()), photoIds.size());
                        photoIds.add(id);
                        published++;
                    }
                    Case c = corpus.get(i);
                    // One partition in the test driver: a record's offset is how many were published before it.
                    outputKeys.put(c, c.outputKey() != null ? c.outputKey() : TOPICS.uploaded() + "/0@" + published);
                    uploads.pipeInput(c.key(), c.value());
                    published++;
                }

                Map<String, Result> results = collect(driver, serdes);
                logTable(corpus, outputKeys, results);

                assertThat(results.size())
                        .as("total in = descriptors + dead letters")
                        .isEqualTo(published);
                assertThat(photoIds)
                        .allSatisfy(
                                id -> assertThat(results.get(id)).as(id).isEqualTo(new Result(Outcome.DESCRIPTOR, "")));
                for (Case c : corpus) {
                    Result r = results.get(outputKeys.get(c));
                    assertThat(r).as("outcome of %s", c.name()).isNotNull();
                    assertThat(c.expected())
                            .as("%s ended as %s: %s", c.name(), r.outcome(), r.reason())
                            .contains(r.outcome());
                    if (r.outcome() != Outcome.DESCRIPTOR) {
                        assertThat(r.reason()).as(c.name()).isNotBlank();
                    }
                }
            }
        }
    }

    private static String publishPhoto(
            TestInputTopic<byte[], byte[]> uploads, BadInputCorpus.Serializers serializers, Path photo, int n)
            throws Exception {
        String id = "photo-" + n;
        // Half inline, half by file URI inside the allowed root.
        Object source = n % 2 == 0
                ? ByteBuffer.wrap(Files.readAllBytes(photo))
                : photo.toUri().toString();
        ImageUploaded event = ImageUploaded.newBuilder()
                .setImageId(id)
                .setSource(source)
                .setContentType(null)
                .setAttributes(Map.of())
                .setUploadedAt(CLOCK.instant())
                .build();
        uploads.pipeInput(
                id.getBytes(StandardCharsets.UTF_8), serializers.uploads().apply(event));
        return id;
    }

    /** Every output keyed by its record key; a key seen twice would be a duplicate and fails the test. */
    private static Map<String, Result> collect(TopologyTestDriver driver, RecordSerdes serdes) {
        TestOutputTopic<String, ImageDescriptor> descriptors = driver.createOutputTopic(
                TOPICS.descriptors(),
                new StringDeserializer(),
                serdes.descriptors().deserializer());
        TestOutputTopic<String, DeadLetter> deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                new StringDeserializer(),
                serdes.deadLetters().deserializer());
        Map<String, Result> results = new LinkedHashMap<>();
        for (TestRecord<String, ImageDescriptor> r : descriptors.readRecordsToList()) {
            assertThat(results.put(r.key(), new Result(Outcome.DESCRIPTOR, "")))
                    .as("duplicate " + r.key())
                    .isNull();
        }
        for (TestRecord<String, DeadLetter> r : deadLetters.readRecordsToList()) {
            Result result = new Result(
                    Outcome.valueOf(r.value().getStage().name()), r.value().getMessage());
            assertThat(results.put(r.key(), result)).as("duplicate " + r.key()).isNull();
        }
        return results;
    }

    private static void logTable(List<Case> corpus, Map<Case, String> outputKeys, Map<String, Result> results) {
        StringBuilder table = new StringBuilder(String.format("%n%-30s | %-11s | %s%n", "case", "outcome", "reason"));
        Map<Outcome, Integer> counts = new java.util.EnumMap<>(Outcome.class);
        for (Case c : corpus) {
            Result r = results.getOrDefault(outputKeys.get(c), new Result(null, "MISSING"));
            counts.merge(r.outcome() == null ? Outcome.EXTRACT : r.outcome(), 1, Integer::sum);
            String reason = r.reason().length() > 110 ? r.reason().substring(0, 110) + "..." : r.reason();
            table.append(String.format("%-30s | %-11s | %s%n", c.name(), r.outcome(), reason));
        }
        LOG.info("Bad-input corpus: {} cases, outcomes {}{}", corpus.size(), counts, table);
    }
}
