package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.RegistryConnection;
import io.sightline.bundle.BundleDigest;
import io.sightline.bundle.ModelBundle;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.ModelPublished;
import io.sightline.serde.AvroSerdes;
import io.sightline.testing.SharedData;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer --once} with {@code trainer.source=collection} on a real broker and registry: the in-repository
 * sample's 40 real photos are uploaded (as bytes and as file URIs, one of them unreachable, one deleted again), and
 * the trainer reads them back from images.uploaded, learns without labels, and publishes on models.published exactly
 * when its label-free checks hand on an adapted model.
 */
class CollectionTrainerTest {

    @TempDir
    Path work;

    @Test
    void learnsFromTheUploadedCollectionAndPublishesOnlyAnAdaptedModel() throws Exception {
        try (KafkaClusterTestKit cluster = TrainerCommandTest.startCluster();
                EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.start(
                        new KafkaSchemaStore(cluster.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC, Map.of()),
                        "127.0.0.1",
                        0)) {
            Path images = SharedData.sample().images();
            List<String> options = List.of(
                    "-D", SightlineConfig.BOOTSTRAP_SERVERS + "=" + cluster.bootstrapServers(),
                    "-D", SightlineConfig.SCHEMA_REGISTRY_URL + "=" + registryServer.url(),
                    "-D", SightlineConfig.WORK_DIR + "=" + work,
                    "-D", SightlineConfig.MODEL_PATH + "=" + SharedData.backboneOnnx(),
                    "-D", SightlineConfig.FETCH_FILE_ROOTS + "=" + images,
                    "-D", SightlineConfig.TRAINER_SOURCE + "=collection",
                    "-D", SightlineConfig.TRAINER_MIN_NEW_IMAGES + "=10",
                    "-D", SightlineConfig.TRAINER_EPOCHS + "=2");
            SightlineConfig config = SightlineConfig.load(
                    Map.of(),
                    Map.of(),
                    Map.of(
                            SightlineConfig.SCHEMA_REGISTRY_URL,
                            registryServer.url().toString()),
                    Path.of("."));
            SchemaRegistry registry = RegistryConnection.client(config);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("images.uploaded", 2, (short) 1)))
                        .all()
                        .get();
            }

            // Nothing uploaded yet: nothing to learn from.
            assertThat(TrainerCommandTest.trainerOnce(options))
                    .contains("0 images in the collection")
                    .contains("no retraining due");

            int uploaded = upload(cluster.bootstrapServers(), registry, images);
            String output = TrainerCommandTest.trainerOnce(options);
            assertThat(output)
                    .contains("read " + (uploaded + 3) + " upload events: " + uploaded
                            + " images in the collection (1 could not be fetched)")
                    .containsPattern("mined \\d+ verified neighbour pairs")
                    .containsPattern("unadapted: held-out photos [01]\\.\\d{4}");
            try (Stream<Path> mirrored = Files.list(work.resolve("trainer/collection"))) {
                assertThat(mirrored.count()).isEqualTo(uploaded);
            }
            List<ModelPublished> events = TrainerCommandTest.published(cluster.bootstrapServers(), registry);
            if (output.contains("not published")) {
                assertThat(events).isEmpty();
            } else {
                assertThat(output).containsPattern("published svc-collection-head-\\S+ \\(epoch [12]\\)");
                assertThat(events).hasSize(1);
                Path dir = Path.of(URI.create(events.getFirst().getBundleUri()));
                assertThat(dir).startsWith(work.resolve("trainer/bundles"));
                assertThat(events.getFirst().getSha256()).isEqualTo(BundleDigest.sha256(dir));
                assertThat(ModelBundle.read(dir).manifest().whitening().level()).isEqualTo("region");
            }
            try (Stream<Path> left = Files.list(work.resolve("trainer/candidates"))) {
                assertThat(left).as("no candidate is left behind").isEmpty();
            }
        }
    }

    /**
     * The sample's photos: even ones as bytes, odd ones as file URIs; then one URI that cannot be read, and one
     * photo uploaded again under another id and deleted. Returns the number of live, readable images.
     */
    private static int upload(String bootstrap, SchemaRegistry registry, Path images) throws Exception {
        List<Path> photos;
        try (Stream<Path> files = Files.list(images)) {
            photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        try (KafkaProducer<String, ImageUploaded> producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        16 << 20),
                new StringSerializer(),
                AvroSerdes.value(ImageUploaded.class, registry).serializer())) {
            for (int i = 0; i < photos.size(); i++) {
                Path p = photos.get(i);
                Object source = i % 2 == 0
                        ? ByteBuffer.wrap(Files.readAllBytes(p))
                        : p.toUri().toString();
                send(producer, p.getFileName().toString().replace(".jpg", ""), source);
            }
            send(
                    producer,
                    "missing",
                    images.resolve("no-such-photo.jpg").toUri().toString());
            send(producer, "again", ByteBuffer.wrap(Files.readAllBytes(photos.getFirst())));
            producer.send(new ProducerRecord<>("images.uploaded", "again", null))
                    .get();
        }
        return photos.size();
    }

    private static void send(KafkaProducer<String, ImageUploaded> producer, String id, Object source) throws Exception {
        ImageUploaded event = ImageUploaded.newBuilder()
                .setImageId(id)
                .setSource(source)
                .setUploadedAt(java.time.Instant.now())
                .build();
        producer.send(new ProducerRecord<>("images.uploaded", id, event)).get();
    }
}
