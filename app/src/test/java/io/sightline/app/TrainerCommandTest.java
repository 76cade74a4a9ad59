package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.RegistryConnection;
import io.sightline.bundle.BundleDigest;
import io.sightline.bundle.ModelBundle;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.LabelledImage;
import io.sightline.schemas.ModelPublished;
import io.sightline.serde.AvroSerdes;
import io.sightline.testing.SharedData;
import io.sightline.trainer.service.HeldOutScore;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer --once} on a real broker and registry: curated photos of two Paris landmarks in, one head-level
 * run, a publish decision that follows the two logged figures, and the bundle announced on models.published.
 */
class TrainerCommandTest {

    private static final Pattern TRAINED = Pattern.compile("trained (\\S+) on (\\d+) images");
    private static final Pattern FIGURES = Pattern.compile(
            "candidate mAP ([0-9.]+) \\((\\d+) queries\\), baseline mAP ([0-9.]+) \\((\\d+) queries, default descriptor\\)");

    @TempDir
    Path work;

    @Test
    void retrainsOnCuratedImagesAndPublishesOnlyWhenBetter() throws Exception {
        try (KafkaClusterTestKit cluster = startCluster();
                EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.start(
                        new KafkaSchemaStore(cluster.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC, Map.of()),
                        "127.0.0.1",
                        0)) {
            List<String> options = List.of(
                    "-D", SightlineConfig.BOOTSTRAP_SERVERS + "=" + cluster.bootstrapServers(),
                    "-D", SightlineConfig.SCHEMA_REGISTRY_URL + "=" + registryServer.url(),
                    "-D", SightlineConfig.WORK_DIR + "=" + work,
                    "-D", SightlineConfig.TOPIC_PARTITIONS + "=2",
                    "-D", SightlineConfig.MODEL_PATH + "=" + SharedData.backboneOnnx(),
                    "-D", SightlineConfig.TRAINER_EVAL_IMAGES + "=" + evalImages(),
                    "-D", SightlineConfig.TRAINER_EVAL_GT + "=" + SharedData.parisGroundTruth(),
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

            // The topics exist once the trainer has run; a first pass with nothing curated trains nothing.
            assertThat(trainerOnce(options)).contains("no retraining due");
            List<String> training = publishCurated(cluster.bootstrapServers(), registry);

            String output = trainerOnce(options);
            Matcher trained = TRAINED.matcher(output);
            assertThat(trained.find()).as(output).isTrue();
            assertThat(Integer.parseInt(trained.group(2))).isEqualTo(training.size());
            Matcher figures = FIGURES.matcher(output);
            assertThat(figures.find()).as(output).isTrue();
            double candidate = Double.parseDouble(figures.group(1));
            double baseline = Double.parseDouble(figures.group(3));
            long expectedQueries = OxfordGroundTruth.load(SharedData.parisGroundTruth()).stream()
                    .map(OxfordQuery::imageName)
                    .filter(name -> !Set.copyOf(training).contains(name))
                    .count();
            assertThat(expectedQueries)
                    .as("a query image is among the training images")
                    .isLessThan(OxfordGroundTruth.load(SharedData.parisGroundTruth())
                            .size());
            assertThat(Long.parseLong(figures.group(2))).isEqualTo(expectedQueries);
            assertThat(Long.parseLong(figures.group(4))).isEqualTo(expectedQueries);
            assertThat(candidate).isBetween(0.0, 1.0);
            assertThat(baseline).isBetween(0.2, 1.0);

            List<ModelPublished> events = published(cluster.bootstrapServers(), registry);
            Path candidatesDir = work.resolve("trainer/candidates");
            if (candidate > baseline) {
                assertThat(output).contains("published " + trained.group(1));
                assertThat(events).hasSize(1);
                ModelPublished event = events.getFirst();
                Path dir = Path.of(URI.create(event.getBundleUri()));
                assertThat(dir).startsWith(work.resolve("trainer/bundles"));
                assertThat(event.getSha256()).isEqualTo(BundleDigest.sha256(dir));
                assertThat(event.getVersion()).isEqualTo(trained.group(1));
                ModelBundle bundle = ModelBundle.read(dir).verifyBackbone();
                assertThat(event.getDim()).isEqualTo(bundle.manifest().dimension());
                assertThat(bundle.manifest().figures().get(HeldOutScore.MAP))
                        .isCloseTo(candidate, org.assertj.core.data.Offset.offset(1e-4));
                assertThat(event.getFigures()).containsKey(HeldOutScore.MAP);
            } else {
                assertThat(output).contains("rejected");
                assertThat(events).isEmpty();
            }
            try (Stream<Path> left = Files.exists(candidatesDir) ? Files.list(candidatesDir) : Stream.empty()) {
                assertThat(left).as("no candidate is left behind").isEmpty();
            }

            // A restart replays the compacted topic: the same images are no change, so no second run.
            assertThat(trainerOnce(options))
                    .contains("0 changes since the last run")
                    .contains("no retraining due");
        }
    }

    /** A smaller database for speed: 20 photos per landmark plus every query image, all 12 queries kept. */
    private Path evalImages() throws Exception {
        Path dir = Files.createDirectories(work.resolve("eval-images"));
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedData.parisImages())) {
            List<String> all = files.map(p -> p.getFileName().toString().replace(".jpg", ""))
                    .sorted()
                    .toList();
            all.stream()
                    .collect(java.util.stream.Collectors.groupingBy(
                            n -> n.replaceFirst("_\\d+$", ""),
                            java.util.TreeMap::new,
                            java.util.stream.Collectors.toList()))
                    .values()
                    .forEach(group -> names.addAll(group.subList(0, 20)));
        }
        OxfordGroundTruth.load(SharedData.parisGroundTruth()).forEach(q -> names.add(q.imageName()));
        for (String name : Set.copyOf(names)) {
            Files.createSymbolicLink(dir.resolve(name + ".jpg"), SharedData.parisImage(name));
        }
        return dir;
    }

    static String trainerOnce(List<String> options) {
        List<String> args = new ArrayList<>(List.of("trainer", "--once"));
        args.addAll(options);
        return CliRun.of(args.toArray(String[]::new)).succeeded();
    }

    /** 12 photos each of paris_defense and paris_eiffel, labelled by name prefix; one extra, then its tombstone. */
    private static List<String> publishCurated(String bootstrap, SchemaRegistry registry) throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedData.parisImages())) {
            List<String> all = files.map(p -> p.getFileName().toString().replace(".jpg", ""))
                    .sorted()
                    .toList();
            for (String prefix : List.of("paris_defense", "paris_eiffel")) {
                all.stream().filter(n -> n.startsWith(prefix)).limit(12).forEach(names::add);
            }
        }
        try (KafkaProducer<String, LabelledImage> producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        16 << 20),
                new StringSerializer(),
                AvroSerdes.value(LabelledImage.class, registry).serializer())) {
            for (String name : names) {
                producer.send(new ProducerRecord<>("landmarks.curated", name, event(name)))
                        .get();
            }
            String gone = "paris_louvre_000035";
            producer.send(new ProducerRecord<>("landmarks.curated", gone, event(gone)))
                    .get();
            producer.send(new ProducerRecord<>("landmarks.curated", gone, null)).get();
        }
        return names;
    }

    private static LabelledImage event(String name) throws Exception {
        return LabelledImage.newBuilder()
                .setImageId(name)
                .setSource(ByteBuffer.wrap(Files.readAllBytes(SharedData.parisImage(name))))
                .setLabel(name.replaceFirst("_\\d+$", ""))
                .build();
    }

    static List<ModelPublished> published(String bootstrap, SchemaRegistry registry) {
        try (KafkaConsumer<String, ModelPublished> consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-models",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                AvroSerdes.value(ModelPublished.class, registry).deserializer())) {
            consumer.subscribe(List.of("models.published"));
            List<ModelPublished> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ModelPublished> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
            return out;
        }
    }

    static KafkaClusterTestKit startCluster() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
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
        return cluster;
    }
}
