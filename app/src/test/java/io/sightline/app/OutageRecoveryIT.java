package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.EmbeddedKafka;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.UploadPublisher;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import io.sightline.schemas.ImageUploaded;
import io.sightline.streams.RecordSerdes;
import io.sightline.testing.BadImages;
import io.sightline.testing.SharedData;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform goes away under a running pipeline and comes back, and nothing is lost or duplicated:
 * <ol>
 *   <li>the schema registry is down when the pipeline starts and for longer than its retry budget: records wait
 *       (stream threads fail and are replaced, nothing is dead-lettered or dropped), then flow once it is back;</li>
 *   <li>the broker is stopped in the middle of ingest (more uploads are sent while it is down) and restarted on the
 *       same log directories and port.</li>
 * </ol>
 * Afterwards every photo is indexed exactly once (read_committed descriptors and index documents) and the dead
 * letters are exactly the bad files, once each.
 */
class OutageRecoveryIT {
    private static final Logger LOG = LoggerFactory.getLogger(OutageRecoveryIT.class);
    private static final int FIRST = 30;
    private static final int SECOND = 30;

    @TempDir
    Path work;

    @Test
    void registryAndBrokerOutagesLoseNothingAndDuplicateNothing() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
        int registryPort = freePort();
        EmbeddedSchemaRegistry registry = startRegistry(kafka, registryPort);
        try {
            Map<String, String> settings = InProcessPipeline.baseSettings(
                    kafka.bootstrapServers(), registry.url().toString(), work, SharedData.parisImages(), work);
            // A small retry budget (3 attempts, 100 + 200 ms) so the outage outlasts it many times over.
            settings.put(SightlineConfig.SCHEMA_REGISTRY_RETRIES, "2");
            settings.put(SightlineConfig.SCHEMA_REGISTRY_RETRY_BACKOFF_MS, "100");
            SightlineConfig config = SightlineConfig.load(Map.of(), Map.of(), settings, work);
            String bootstrap = kafka.bootstrapServers(); // the restarted broker keeps its port
            String descriptors = config.getString(SightlineConfig.TOPIC_DESCRIPTORS);
            String dlq = config.getString(SightlineConfig.TOPIC_DLQ);

            List<Path> photos = SharedData.photos(FIRST + SECOND);
            Path bad = Files.createDirectories(work.resolve("bad"));
            Files.write(bad.resolve("bad-truncated.jpg"), BadImages.truncatedJpeg());
            Files.write(bad.resolve("bad-text.jpg"), BadImages.text());
            List<Path> first = new ArrayList<>(photos.subList(0, FIRST));
            first.addAll(UploadPublisher.imagesIn(bad));

            // The upload producer registers its schema while the registry is up; the pipeline's client has not
            // seen any schema yet when the registry goes down.
            io.sightline.app.kafka.TopicSetup.ensureConfigured(config);
            RecordSerdes uploads = RegistryConnection.serdes(RegistryConnection.client(config));
            uploads.uploads()
                    .serializer()
                    .serialize(
                            config.getString(SightlineConfig.TOPIC_UPLOADED),
                            ImageUploaded.newBuilder()
                                    .setImageId("warm-up")
                                    .setSource("file:///warm-up")
                                    .setUploadedAt(Instant.now())
                                    .build());
            registry.close();
            LOG.info("Registry stopped");

            try (InProcessPipeline pipeline = InProcessPipeline.start(config, uploads)) {
                pipeline.publish(first);
                // The outage outlasts the retry budget several times over: stream threads give up (and are
                // replaced) again and again while the registry stays down.
                // (Their deaths are the point here: Awaitility must not fail on them as uncaught exceptions.)
                Awaitility.await()
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(100))
                        .dontCatchUncaughtExceptions()
                        .until(() -> pipeline.failedStreamThreads() >= 4);
                assertThat(CommittedRecords.keys(bootstrap, descriptors))
                        .as("nothing can be read while the registry is down")
                        .isEmpty();
                assertThat(CommittedRecords.keys(bootstrap, dlq))
                        .as("an unreachable registry is not the records' fault")
                        .isEmpty();

                registry = startRegistry(kafka, registryPort);
                LOG.info("Registry back");
                // A thread whose registry calls began during the outage may still fail (and be replaced) just after
                // the registry is back: that is the retry path working, not a failure of the test.
                Awaitility.await()
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200))
                        .dontCatchUncaughtExceptions()
                        .until(() ->
                                CommittedRecords.keys(bootstrap, descriptors).size() >= FIRST / 3);

                registry.close(); // it keeps its schemas in the broker that is about to go
                Map<String, Double> connected = pipeline.connectedClients();
                kafka.close();
                LOG.info("Broker stopped in the middle of ingest");
                CompletableFuture<Void> during =
                        CompletableFuture.runAsync(() -> pipeline.publish(photos.subList(FIRST, FIRST + SECOND)));
                // The outage reaches the pipeline: every one of its Kafka clients that was connected has lost its
                // broker connection while the second batch is being published.
                Awaitility.await()
                        .atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(100))
                        .dontCatchUncaughtExceptions()
                        .until(() -> pipeline.lostConnections(connected));
                assertThat(during)
                        .as("the producer cannot deliver while the broker is down")
                        .isNotDone();
                kafka = kafka.restart();
                registry = startRegistry(kafka, registryPort);
                LOG.info("Broker and registry back");
                during.get(); // the producer delivered what it buffered during the outage

                Awaitility.await()
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() ->
                                CommittedRecords.keys(bootstrap, descriptors).size() >= photos.size()
                                        && pipeline.indexed() >= photos.size());
                // Done means the extract application committed its position at the end of every partition of the
                // uploads: under exactly_once_v2 nothing it produced can still appear after that.
                String uploadsTopic = config.getString(SightlineConfig.TOPIC_UPLOADED);
                String extractGroup = config.getString(SightlineConfig.APPLICATION_ID) + "-extract";
                Awaitility.await()
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> CommittedRecords.groupAtEnd(bootstrap, extractGroup, uploadsTopic));

                assertThat(CommittedRecords.keys(bootstrap, descriptors))
                        .as("one descriptor record per photo: none missing, none twice")
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(
                                photos.stream().map(UploadPublisher::imageId).toList());
                assertThat(CommittedRecords.keys(bootstrap, dlq))
                        .containsExactlyInAnyOrder("bad-truncated", "bad-text");
                assertThat(pipeline.indexed()).as("index documents").isEqualTo(photos.size());
            }
        } finally {
            registry.close();
            kafka.close();
        }
    }

    private static EmbeddedSchemaRegistry startRegistry(EmbeddedKafka kafka, int port) {
        return EmbeddedSchemaRegistry.start(
                new KafkaSchemaStore(kafka.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC, Map.of()),
                "127.0.0.1",
                port);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
