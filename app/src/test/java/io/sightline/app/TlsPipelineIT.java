package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.EmbeddedKafka;
import io.sightline.app.node.UploadPublisher;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import io.sightline.testing.BadImages;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker with only a TLS listener (a self-signed certificate made in the test) and the whole pipeline
 * over it, configured only through the kafka.* pass-through settings: topic setup, the registry's store, the upload
 * producer and both Kafka Streams applications. A plaintext client gets nowhere, so TLS is really in use.
 */
class TlsPipelineIT {
    private static final int PHOTOS = 12;

    @TempDir
    Path work;

    @Test
    void thePipelineWorksOverATlsListener() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(Files.createDirectories(work.resolve("tls")));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0, Optional.of(tls.broker()))) {
            String bootstrap = kafka.bootstrapServers();
            Map<String, Object> tlsClient = new HashMap<>(tls.clientSettings());
            assertThatThrownBy(() -> listTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))
                    .as("a plaintext client cannot talk to the TLS listener")
                    .isInstanceOf(Exception.class);

            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                    new KafkaSchemaStore(bootstrap, KafkaSchemaStore.DEFAULT_TOPIC, tlsClient), "127.0.0.1", 0)) {
                Map<String, String> settings = InProcessPipeline.baseSettings(
                        bootstrap, registry.url().toString(), work, SharedData.parisImages(), work);
                tls.clientSettings().forEach((k, v) -> settings.put(SightlineConfig.KAFKA_CLIENT_PREFIX + k, v));
                SightlineConfig config = SightlineConfig.load(Map.of(), Map.of(), settings, work);

                List<Path> photos = SharedData.photos(PHOTOS);
                Path bad = Files.write(work.resolve("bad-truncated.jpg"), BadImages.truncatedJpeg());
                List<Path> all = new ArrayList<>(photos);
                all.add(bad);
                try (InProcessPipeline pipeline = InProcessPipeline.start(config, null)) {
                    pipeline.publish(all);
                    Map<String, Object> reader = new HashMap<>(tlsClient);
                    reader.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                    Awaitility.await()
                            .atMost(Duration.ofMinutes(2))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> pipeline.indexed() >= PHOTOS);
                    assertThat(CommittedRecords.keys(reader, config.getString(SightlineConfig.TOPIC_DESCRIPTORS)))
                            .containsExactlyInAnyOrderElementsOf(photos.stream()
                                    .map(UploadPublisher::imageId)
                                    .toList());
                    assertThat(CommittedRecords.keys(reader, config.getString(SightlineConfig.TOPIC_DLQ)))
                            .containsExactly("bad-truncated");
                    assertThat(pipeline.indexed()).isEqualTo(PHOTOS);
                    assertThat(listTopics(reader))
                            .contains(config.getString(SightlineConfig.TOPIC_UPLOADED), KafkaSchemaStore.DEFAULT_TOPIC);
                }
            }
        }
    }

    private static java.util.Set<String> listTopics(Map<String, Object> settings) throws Exception {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get(5, TimeUnit.SECONDS);
        }
    }
}
