package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.index.Quantizers;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import io.sightline.pooling.RMac;
import io.sightline.pq.KMeansParams;
import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.index.LuceneShardStore;
import io.sightline.streams.ingest.ImageSourceLoader;
import io.sightline.testing.RandomVectors;
import io.sightline.testing.SharedData;
import java.nio.ByteBuffer;
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
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ingest and index together with a bundle's quantizers, on real photos: descriptor records carry the PQ / IVF-PQ
 * codes, the shard stores those codes (not its own re-encoding) and answers pq and ivfpq searches.
 */
class CompressedTopologyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final Topics TOPICS = Topics.defaults();
    private static final int PHOTOS = 8;
    private static DescriptorExtractor extractor;
    private static ImageFetcher fetcher;
    private static List<float[]> training;
    private static Map<String, Path> photos;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void loadModelAndLearnCodebooks() throws Exception {
        extractor = new DescriptorExtractor(
                new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1),
                "features_17",
                new RMac(3),
                256);
        fetcher = new ImageFetcher(ImageLimits.defaults());
        photos = new LinkedHashMap<>();
        List<Path> files = SharedData.photos(PHOTOS);
        for (int i = 0; i < files.size(); i++) {
            photos.put("photo-" + i, files.get(i));
        }
        // Codebooks need 256+ training vectors: jittered copies of the photos' own descriptors stand in for a
        // collection (the test is about the plumbing; `fit` learns from real collections).
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<float[]> descriptors = new ArrayList<>();
        for (Path file : files) {
            descriptors.add(extractor.extract(decoder.decode(Files.readAllBytes(file))));
        }
        training = RandomVectors.jittered(descriptors, 40, 0.02, new Random(11));
    }

    @AfterAll
    static void closeModel() {
        extractor.close();
        fetcher.close();
    }

    /** Plain PQ, and PQ behind an OPQ rotation (decision 023): the codes and searches behave alike. */
    @ParameterizedTest(name = "opq iterations {0}")
    @ValueSource(ints = {0, 3})
    void descriptorsCarryCodesAndTheShardAnswersPqAndIvfpqSearches(int opqIterations) throws Exception {
        Quantizers quantizers =
                BundleQuantizers.train(training, 16, opqIterations, 4, 16, new KMeansParams(10, 1, 42, 1, 256));
        assertThat(quantizers.pq().rotation() != null).isEqualTo(opqIterations > 0);
        LocalSchemaRegistry registry = new LocalSchemaRegistry(new InMemorySchemaStore());
        RecordSerdes serdes = new RecordSerdes(
                AvroSerdes.value(ImageUploaded.class, registry),
                AvroSerdes.value(ImageDescriptor.class, registry),
                AvroSerdes.value(DeadLetter.class, registry));
        ImageLimits limits = ImageLimits.defaults();
        SightlineTopology topologies = new SightlineTopology(TOPICS, serdes, CLOCK);
        var topology = topologies.build(
                Optional.of(new SightlineTopology.IngestStage(
                        new ImageSourceLoader(fetcher, limits), new ImageDecoder(limits), extractor, quantizers)),
                Optional.of(
                        new SightlineTopology.IndexStage(extractor.dimension(), VectorFormat.HNSW_FLOAT, quantizers)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "compressed-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(topologies.deadLetterRouting().streamsConfig());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, byte[]> uploads =
                    driver.createInputTopic(TOPICS.uploaded(), new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, ImageDescriptor> descriptors = driver.createOutputTopic(
                    TOPICS.descriptors(),
                    new StringDeserializer(),
                    serdes.descriptors().deserializer());
            int n = 0;
            for (var photo : photos.entrySet()) {
                ImageUploaded event = ImageUploaded.newBuilder()
                        .setImageId(photo.getKey())
                        .setSource(ByteBuffer.wrap(Files.readAllBytes(photo.getValue())))
                        .setContentType(null)
                        .setAttributes(Map.of("half", n++ % 2 == 0 ? "even" : "odd"))
                        .setUploadedAt(CLOCK.instant())
                        .build();
                uploads.pipeInput(photo.getKey(), serdes.uploads().serializer().serialize(TOPICS.uploaded(), event));
            }
            Map<String, ImageDescriptor> records = new LinkedHashMap<>();
            for (TestRecord<String, ImageDescriptor> r : descriptors.readRecordsToList()) {
                records.put(r.key(), r.value());
            }
            assertThat(records).containsOnlyKeys(photos.keySet());
            for (ImageDescriptor d : records.values()) {
                float[] v = VectorBytes.decode(d.getVector(), d.getDim());
                var expected = quantizers.encode(v);
                assertThat(d.getPqCodes()).isEqualTo(ByteBuffer.wrap(expected.pqCode()));
                assertThat(d.getIvfCell()).isEqualTo(expected.cell());
                assertThat(d.getIvfCode()).isEqualTo(ByteBuffer.wrap(expected.ivfCode()));
            }

            LuceneShardStore shard = (LuceneShardStore) driver.getStateStore(SightlineTopology.INDEX_STORE);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shard.count() == PHOTOS);
            assertThat(shard.supports(SearchMode.PQ)).isTrue();
            assertThat(shard.supports(SearchMode.IVFPQ)).isTrue();
            for (var entry : records.entrySet()) {
                float[] query = VectorBytes.decode(
                        entry.getValue().getVector(), entry.getValue().getDim());
                for (SearchMode mode : List.of(SearchMode.PQ, SearchMode.IVFPQ)) {
                    SearchRequest request = SearchRequest.of(query, 3, mode).withNprobe(1);
                    assertThat(shard.search(request).get(0).imageId())
                            .as(mode + " " + entry.getKey())
                            .isEqualTo(entry.getKey());
                    SearchHit reranked =
                            shard.search(request.withRerank(PHOTOS)).get(0);
                    assertThat(reranked.imageId()).isEqualTo(entry.getKey());
                    assertThat(reranked.score())
                            .as("re-ranked by the exact dot product")
                            .isGreaterThan(0.999f);
                    String half = entry.getValue().getAttributes().get("half");
                    List<SearchHit> filtered = shard.search(SearchRequest.of(query, PHOTOS, mode)
                            .withNprobe(4)
                            .withFilter(ShardIndex.attribute("half", half)));
                    assertThat(filtered).hasSize(PHOTOS / 2);
                    assertThat(filtered.get(0).imageId()).isEqualTo(entry.getKey());
                    assertThat(filtered)
                            .allSatisfy(h -> assertThat(records.get(h.imageId()).getAttributes())
                                    .containsEntry("half", half));
                }
            }

            // The shard stores the record's codes, it does not encode again: a record whose codes are another
            // photo's scores, in pq mode, exactly as that photo does.
            ImageDescriptor a = records.get("photo-0");
            ImageDescriptor b = records.get("photo-1");
            ImageDescriptor impostor = ImageDescriptor.newBuilder(a)
                    .setImageId("impostor")
                    .setPqCodes(b.getPqCodes())
                    .build();
            TestInputTopic<String, byte[]> descriptorsIn =
                    driver.createInputTopic(TOPICS.descriptors(), new StringSerializer(), new ByteArraySerializer());
            descriptorsIn.pipeInput(
                    "impostor", serdes.descriptors().serializer().serialize(TOPICS.descriptors(), impostor));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shard.contains("impostor"));
            float[] queryB = VectorBytes.decode(b.getVector(), b.getDim());
            Map<String, Float> scores = new LinkedHashMap<>();
            shard.search(SearchRequest.of(queryB, PHOTOS + 1, SearchMode.PQ))
                    .forEach(h -> scores.put(h.imageId(), h.score()));
            assertThat(scores.get("impostor")).isEqualTo(scores.get("photo-1"));
            assertThat(scores.get("impostor")).isNotEqualTo(scores.get("photo-0"));
        }
    }
}
