package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.DeadLetterCounter;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.IngestWaiter;
import io.sightline.app.node.Producers;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.SearchEndpoint;
import io.sightline.app.node.StreamsNode;
import io.sightline.app.node.UploadPublisher;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.Stage;
import io.sightline.search.SearchServer;
import io.sightline.streams.RecordSerdes;
import io.sightline.streams.index.IndexShard;
import io.sightline.testing.BadImages;
import io.sightline.testing.SharedData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real components: an in-process KRaft broker, the registry keeping schemas in Kafka, both
 * topologies, the real backbone on real photos and the HTTP endpoint. Valid uploads must become searchable and find
 * themselves first, every bad one must reach the dead-letter topic with its stage, and nothing may be lost.
 */
class PipelineIntegrationTest {
    private static final int VALID = 8;

    @TempDir
    static Path work;

    private static KafkaClusterTestKit cluster;
    private static EmbeddedSchemaRegistry registryServer;
    private static SightlineConfig config;
    private static RecordSerdes serdes;
    private static ExtractionStack extraction;
    private static StreamsNode node;
    private static SearchEndpoint endpoint;
    private static SearchServer server;
    private static DeadLetterCounter deadLetters;

    @BeforeAll
    static void startEverything() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("message.max.bytes", String.valueOf(32 << 20))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        registryServer = EmbeddedSchemaRegistry.start(
                new KafkaSchemaStore(cluster.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC, Map.of()),
                "127.0.0.1",
                0);
        config = SightlineConfig.load(
                Map.of(),
                Map.of(),
                Map.of(
                        SightlineConfig.BOOTSTRAP_SERVERS,
                        cluster.bootstrapServers(),
                        SightlineConfig.SCHEMA_REGISTRY_URL,
                        registryServer.url().toString(),
                        SightlineConfig.WORK_DIR,
                        work.toString(),
                        SightlineConfig.HTTP_PORT,
                        "0",
                        SightlineConfig.TOPIC_PARTITIONS,
                        "2",
                        SightlineConfig.STREAM_THREADS,
                        "2",
                        SightlineConfig.LONGEST_SIDE,
                        "384",
                        SightlineConfig.COMMIT_INTERVAL_MS,
                        "200",
                        SightlineConfig.MODEL_PATH,
                        SharedData.backboneOnnx().toString(),
                        SightlineConfig.FETCH_FILE_ROOTS,
                        SharedData.parisImages() + "," + work),
                Path.of(System.getProperty("sightline.root", ".."))
                        .toAbsolutePath()
                        .normalize());
        TopicSetup.ensureConfigured(config);
        serdes = RegistryConnection.serdes(RegistryConnection.client(config));
        extraction = ExtractionStack.fromConfig(config);
        node = new StreamsNode(config, StreamsNode.Role.ALL, serdes, extraction, Clock.systemUTC())
                .start(Duration.ofMinutes(2));
        endpoint = SearchEndpoint.start(config, extraction, node, serdes);
        server = endpoint.server();
        deadLetters = new DeadLetterCounter(
                cluster.bootstrapServers(),
                config.getString(SightlineConfig.TOPIC_DLQ),
                serdes.deadLetters().deserializer());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {deadLetters, endpoint, node, extraction, registryServer, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void validUploadsAreSearchableBadOnesAreDeadLetteredNothingIsLost() throws Exception {
        List<Path> photos = SharedData.photos(VALID);
        Path bad = Files.createDirectories(work.resolve("bad"));
        Files.write(bad.resolve("zero-bytes.jpg"), new byte[0]);
        Files.write(bad.resolve("truncated.jpg"), BadImages.truncatedJpeg());
        Files.write(bad.resolve("notes.png"), BadImages.text());
        Files.write(bad.resolve("bomb.png"), BadImages.pngBomb(30_000, 30_000));

        String uploaded = config.getString(SightlineConfig.TOPIC_UPLOADED);
        try (var producer = Producers.uploads(config, serdes);
                var raw = new KafkaProducer<>(
                        Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            UploadPublisher publisher = new UploadPublisher(producer, uploaded, Clock.systemUTC());
            publisher.publish(photos.subList(0, VALID / 2), UploadPublisher.SourceMode.URI, Map.of(), n -> {});
            publisher.publish(photos.subList(VALID / 2, VALID), UploadPublisher.SourceMode.INLINE, Map.of(), n -> {});
            publisher.publish(UploadPublisher.imagesIn(bad), UploadPublisher.SourceMode.INLINE, Map.of(), n -> {});
            // zero-bytes.jpg is inline above; a missing file must fail at FETCH:
            publisher.publish(List.of(bad.resolve("missing.jpg")), UploadPublisher.SourceMode.URI, Map.of(), n -> {});
            // Outside fetch.file.roots: refused by the fetch policy, never read.
            publisher.publish(List.of(Path.of("/etc/hostname")), UploadPublisher.SourceMode.URI, Map.of(), n -> {});
            raw.send(new ProducerRecord<>(uploaded, "unknown-schema", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 'x'}))
                    .get();
            raw.send(new ProducerRecord<>(uploaded, "not-avro", "{\"imageId\": \"json?\"}".getBytes()))
                    .get();
        }

        List<String> validIds = photos.stream().map(UploadPublisher::imageId).toList();
        List<String> badIds = List.of(
                "zero-bytes", "truncated", "notes", "bomb", "missing", "hostname", "unknown-schema", "not-avro");
        List<String> all = new ArrayList<>(validIds);
        all.addAll(badIds);
        IndexShard shards = node.localShards();
        IngestWaiter.Outcome outcome = new IngestWaiter(shards, deadLetters).await(all, Duration.ofMinutes(3), n -> {});

        assertThat(outcome.pending()).as("nothing lost").isZero();
        assertThat(outcome.indexed()).isEqualTo(VALID);
        assertThat(outcome.rejected()).isEqualTo(badIds.size());
        assertThat(shards.count()).isEqualTo(VALID);
        Map<String, DeadLetter> letters = deadLetters.byImage();
        assertThat(letters).containsOnlyKeys(badIds);
        assertThat(letters.get("zero-bytes").getStage()).isEqualTo(Stage.VALIDATE);
        assertThat(letters.get("truncated").getStage()).isEqualTo(Stage.DECODE);
        assertThat(letters.get("notes").getStage()).isEqualTo(Stage.DECODE);
        assertThat(letters.get("bomb").getStage()).isEqualTo(Stage.DECODE);
        assertThat(letters.get("missing").getStage()).isEqualTo(Stage.FETCH);
        assertThat(letters.get("hostname").getStage()).isEqualTo(Stage.FETCH);
        assertThat(letters.get("hostname").getMessage()).contains("refused by fetch policy");
        assertThat(letters.get("unknown-schema").getStage()).isEqualTo(Stage.DESERIALIZE);
        assertThat(letters.get("not-avro").getStage()).isEqualTo(Stage.DESERIALIZE);
        assertThat(letters.values()).allSatisfy(l -> {
            assertThat(l.getMessage()).isNotBlank();
            assertThat(l.getTopic()).isEqualTo(uploaded);
        });

        for (Path photo : photos) {
            JsonNode body = search(photo, 3);
            assertThat(body.path("results").get(0).path("imageId").asText())
                    .as("%s finds itself first", photo)
                    .isEqualTo(UploadPublisher.imageId(photo));
            // The score ranks against the expanded query (search.query.expansion); the similarity is the raw cosine
            // of the two descriptors, so a photo's own is 1 and reads as a duplicate whatever expansion did.
            JsonNode first = body.path("results").get(0);
            assertThat(first.path("similarity").asDouble()).isGreaterThan(0.99);
            assertThat(first.path("match").asText()).isEqualTo("duplicate");
            for (JsonNode other : body.path("results")) {
                assertThat(other.path("similarity").isNumber())
                        .as("every result carries its similarity")
                        .isTrue();
                // Verification is on by default: the pipeline stored each photo's local features in the shard.
                assertThat(other.path("inliers").isInt())
                        .as("every result of a default search is verified")
                        .isTrue();
            }
            assertThat(first.path("matches").isMissingNode())
                    .as("matches only with explain")
                    .isTrue();
        }

        // explain=true: the inlier point pairs of each verified result; a photo against itself matches cell for cell,
        // in its own original pixels. verify=0 turns verification off.
        Path probe = photos.get(1);
        java.awt.image.BufferedImage probed = javax.imageio.ImageIO.read(probe.toFile());
        JsonNode explained = search(probe, 3, "&explain=true");
        JsonNode self = explained.path("results").get(0);
        assertThat(self.path("inliers").asInt()).isGreaterThan(100);
        assertThat(self.path("matches").size()).isEqualTo(self.path("inliers").asInt());
        for (JsonNode m : self.path("matches")) {
            assertThat(m.path("ax").asDouble()).isBetween(-1.0, (double) probed.getWidth());
            assertThat(m.path("by").asDouble()).isBetween(-1.0, (double) probed.getHeight());
            assertThat(Math.abs(m.path("ax").asDouble() - m.path("bx").asDouble()))
                    .isLessThan(1.0);
        }
        for (JsonNode r : search(probe, 3, "&verify=0").path("results")) {
            assertThat(r.path("inliers").isMissingNode()).isTrue();
        }

        // A tombstone on images.uploaded removes the image everywhere.
        String gone = validIds.get(0);
        try (var producer = Producers.uploads(config, serdes)) {
            new UploadPublisher(producer, uploaded, Clock.systemUTC()).delete(gone);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !shards.contains(gone));
        assertThat(shards.count()).isEqualTo(VALID - 1);
        assertThat(search(photos.get(0), VALID).path("results").findValuesAsText("imageId"))
                .doesNotContain(gone);
    }

    private static JsonNode search(Path photo, int k) throws Exception {
        return search(photo, k, "");
    }

    private static JsonNode search(Path photo, int k, String extra) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.url().resolve("/v1/search?k=" + k + extra))
                                .header("Content-Type", "image/jpeg")
                                .POST(HttpRequest.BodyPublishers.ofFile(photo))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
