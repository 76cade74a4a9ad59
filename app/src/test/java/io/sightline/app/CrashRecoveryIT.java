package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.Producers;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.UploadPublisher;
import io.sightline.streams.RecordSerdes;
import io.sightline.streams.ingest.IngestProcessor;
import io.sightline.testing.BadImages;
import io.sightline.testing.SharedData;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real pipeline JVM in the middle of ingesting the 250 Paris photos (and a few bad files), then a
 * restart on the same state: every image is indexed exactly once (none missing, no duplicate descriptor records
 * under exactly_once_v2, no duplicate documents), and the dead letters are exactly the bad files, once each.
 * Extraction runs in micro-batches of 4, so the kill also lands on uploads held in the batch buffer
 * (docs/decisions/021): they must come back from its changelog, not be lost or done twice.
 * A failsafe integration test: the JVMs it kills run the packaged application (app/target/lib), as in production.
 */
class CrashRecoveryIT {
    @TempDir
    Path work;

    @Test
    void killNineMidIngestThenRestartLosesNothingAndDuplicatesNothing() throws Exception {
        try (LoopbackKafka kafka = LoopbackKafka.start()) {
            int httpPort = freePort();
            Map<String, String> settings = new HashMap<>(Map.of(
                    SightlineConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    SightlineConfig.SCHEMA_REGISTRY_URL, kafka.registryUrl(),
                    SightlineConfig.WORK_DIR, work.resolve("state").toString(),
                    SightlineConfig.HTTP_PORT, String.valueOf(httpPort),
                    SightlineConfig.LONGEST_SIDE, "256",
                    SightlineConfig.MODEL_PATH, SharedData.backboneOnnx().toString()));
            settings.put(SightlineConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
            settings.put(SightlineConfig.EXTRACT_BATCH_SIZE, "4");
            settings.put(SightlineConfig.FETCH_FILE_ROOTS, SharedData.parisImages() + "," + work);
            SightlineConfig config = SightlineConfig.load(Map.of(), Map.of(), settings, work);
            TopicSetup.ensureConfigured(config);
            RecordSerdes serdes = RegistryConnection.serdes(RegistryConnection.client(config));

            List<Path> photos = SharedData.photos(250);
            Path bad = Files.createDirectories(work.resolve("bad"));
            Files.write(bad.resolve("bad-truncated.jpg"), BadImages.truncatedJpeg());
            Files.write(bad.resolve("bad-text.jpg"), BadImages.text());
            Files.write(bad.resolve("bad-bomb.png"), BadImages.pngBomb(30_000, 30_000));
            List<Path> all = new ArrayList<>(photos);
            all.addAll(UploadPublisher.imagesIn(bad));

            Path log = Path.of("target", "CrashRecoveryIT-sightline.log").toAbsolutePath(); // kept for diagnosis
            Files.deleteIfExists(log);
            SightlineProcess first = SightlineProcess.start(settings, log, "serve");
            try (var producer = Producers.uploads(config, serdes)) {
                new UploadPublisher(producer, config.getString(SightlineConfig.TOPIC_UPLOADED), Clock.systemUTC())
                        .publish(all, UploadPublisher.SourceMode.URI, Map.of(), n -> {});
            }
            String descriptors = config.getString(SightlineConfig.TOPIC_DESCRIPTORS);
            Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        first.assertAlive();
                        return committedRecords(kafka.bootstrapServers(), descriptors)
                                        .size()
                                >= 60;
                    });
            first.kill();
            int beforeRestart =
                    committedRecords(kafka.bootstrapServers(), descriptors).size();
            assertThat(beforeRestart).as("killed in the middle").isBetween(60, photos.size() - 1);

            try (SightlineProcess second = SightlineProcess.start(settings, log, "serve")) {
                Awaitility.await()
                        .atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            second.assertAlive();
                            return committedRecords(kafka.bootstrapServers(), descriptors)
                                            .size()
                                    >= photos.size();
                        });
                // Done means the extract application committed its position at the end of every partition of the
                // uploads and its micro-batch buffer (changelogged) is empty: under exactly_once_v2 nothing it
                // produced can still appear after that.
                String uploads = config.getString(SightlineConfig.TOPIC_UPLOADED);
                String extractApp = config.getString(SightlineConfig.APPLICATION_ID) + "-extract";
                String buffer = extractApp + "-" + IngestProcessor.BUFFER_STORE + "-changelog";
                Awaitility.await()
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            second.assertAlive();
                            return CommittedRecords.groupAtEnd(kafka.bootstrapServers(), extractApp, uploads)
                                    && CommittedRecords.liveKeys(kafka.bootstrapServers(), buffer) == 0;
                        });

                List<String> keys = committedRecords(kafka.bootstrapServers(), descriptors);
                assertThat(keys)
                        .as("one descriptor record per photo: none missing, none twice")
                        .hasSize(photos.size())
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(
                                photos.stream().map(UploadPublisher::imageId).toList());
                List<String> dead =
                        committedRecords(kafka.bootstrapServers(), config.getString(SightlineConfig.TOPIC_DLQ));
                assertThat(dead).containsExactlyInAnyOrder("bad-truncated", "bad-text", "bad-bomb");

                JsonNode hits = awaitSearch(httpPort, photos.get(0), 1000, photos.size());
                Set<String> ids = new HashSet<>(hits.findValuesAsText("imageId"));
                assertThat(hits.path("results").size())
                        .as("the index holds each photo once")
                        .isEqualTo(photos.size());
                assertThat(ids).hasSize(photos.size());
                assertThat(hits.path("results").get(0).path("imageId").asText())
                        .isEqualTo(UploadPublisher.imageId(photos.get(0)));
            }
        }
    }

    private static List<String> committedRecords(String bootstrap, String topic) {
        return CommittedRecords.keys(bootstrap, topic);
    }

    private static JsonNode awaitSearch(int port, Path photo, int k, int expected) {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode[] last = new JsonNode[1];
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> {
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(
                                                java.net.URI.create("http://127.0.0.1:" + port + "/v1/search?k=" + k))
                                        .header("Content-Type", "image/jpeg")
                                        .POST(HttpRequest.BodyPublishers.ofFile(photo))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        last[0] = new ObjectMapper().readTree(response.body());
                        return response.statusCode() == 200
                                && last[0].path("results").size() >= expected;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "search never returned all " + expected + " photos; last answer: "
                            + (last[0] == null
                                    ? "none"
                                    : last[0].path("results").size() + " results"),
                    e);
        }
        return last[0];
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
