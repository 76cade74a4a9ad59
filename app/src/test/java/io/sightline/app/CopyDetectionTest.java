package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.KafkaClients;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.UploadPublisher;
import io.sightline.eval.QueryView;
import io.sightline.schemas.CopyLevel;
import io.sightline.schemas.ImageMatch;
import io.sightline.streams.RecordSerdes;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy detection end to end (matches.publish): real photos through a real broker, registry, ONNX extraction and
 * Lucene shards. Four different photos are indexed, then a byte-identical copy of one under a new id, a grayscale
 * re-encoding of another and one more different photo: images.matches receives exactly two events, one per copy,
 * each naming its original. The grayscale copy is a copy by its verified inliers (decision 036).
 */
class CopyDetectionTest {

    @TempDir
    Path work;

    @Test
    void aDuplicateAndAGrayscaleCopyProduceOneMatchEach() throws Exception {
        List<Path> photos = SharedData.photos(6);
        Path original = photos.get(0);
        Path copy = Files.copy(original, work.resolve("copy-of-" + original.getFileName()));
        // A photo whose grayscale copy is not a copy by similarity (0.57 in the loo copy test) but by its inliers; on
        // a clone without the full subset, any photo (then the similarity alone may find it).
        Path grayOriginal = SharedData.locations().paris().present()
                ? SharedData.parisImage("paris_moulinrouge_000331")
                : photos.get(1);
        List<Path> indexed = List.of(photos.get(0), grayOriginal, photos.get(2), photos.get(3));
        Path gray = work.resolve("gray-of-" + grayOriginal.getFileName());
        BufferedImage grayImage = QueryView.GRAY.apply(ImageIO.read(grayOriginal.toFile()));
        assertThat(ImageIO.write(grayImage, "jpg", gray.toFile())).isTrue();
        try (LoopbackKafka kafka = LoopbackKafka.start()) {
            Map<String, String> settings = new HashMap<>(InProcessPipeline.baseSettings(
                    kafka.bootstrapServers(),
                    kafka.registryUrl(),
                    work,
                    SharedData.locations().paris().present()
                            ? SharedData.parisImages()
                            : SharedData.sample().images(),
                    work));
            settings.put(SightlineConfig.MATCHES_PUBLISH, "true");
            settings.put(SightlineConfig.COMMIT_INTERVAL_MS, "200");
            SightlineConfig config = SightlineConfig.load(
                    Map.of(), Map.of(), settings, SharedData.locations().root());
            try (InProcessPipeline pipeline = InProcessPipeline.start(config, null)) {
                pipeline.startMatches();
                pipeline.publish(indexed);
                Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> pipeline.indexed() == 4);
                pipeline.publish(List.of(copy, gray, photos.get(4)));
                Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> pipeline.indexed() == 7);
                // Every descriptor has been looked at once copy detection's committed offsets reach the topic's end.
                Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> caughtUp(config));

                Map<String, ImageMatch> matches = new HashMap<>();
                readMatches(config).forEach(m -> matches.put(m.getImageId(), m));
                assertThat(matches).hasSize(2);
                ImageMatch match = matches.get(UploadPublisher.imageId(copy));
                assertThat(match.getMatchedImageId()).isEqualTo(UploadPublisher.imageId(original));
                assertThat(match.getLevel()).isEqualTo(CopyLevel.DUPLICATE);
                assertThat(match.getSimilarity()).isGreaterThan(0.99);
                assertThat(match.getInliers()).isGreaterThan(100);
                ImageMatch grayMatch = matches.get(UploadPublisher.imageId(gray));
                assertThat(grayMatch).as("the grayscale copy is found").isNotNull();
                assertThat(grayMatch.getMatchedImageId()).isEqualTo(UploadPublisher.imageId(grayOriginal));
                assertThat(grayMatch.getLevel()).isIn(CopyLevel.DUPLICATE, CopyLevel.NEAR_DUPLICATE);
            }
        }
    }

    /** Whether the matches application has committed every descriptor written so far. */
    private static boolean caughtUp(SightlineConfig config) throws Exception {
        String topic = config.getString(SightlineConfig.TOPIC_DESCRIPTORS);
        String group = config.getString(SightlineConfig.APPLICATION_ID) + "-matches";
        try (Admin admin = Admin.create(KafkaClients.settings(config))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return e.getValue().offset() == 0
                        || (c != null && c.offset() >= e.getValue().offset());
            });
        }
    }

    private static List<ImageMatch> readMatches(SightlineConfig config) {
        RecordSerdes serdes = RegistryConnection.serdes(RegistryConnection.client(config));
        Properties props = new Properties();
        props.putAll(KafkaClients.settings(config));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String topic = config.getString(SightlineConfig.TOPIC_MATCHES);
        List<ImageMatch> out = new ArrayList<>();
        try (KafkaConsumer<String, ImageMatch> consumer = new KafkaConsumer<>(
                props, new StringDeserializer(), serdes.matches().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            // Read up to the end offsets known now: a bounded read, no waiting for records that may not come.
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, ImageMatch> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
