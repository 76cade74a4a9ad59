package io.sightline.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.schemas.LabelledImage;
import io.sightline.schemas.ModelPublished;
import io.sightline.testing.SharedData;
import io.sightline.trainer.publish.ModelPublisher;
import io.sightline.trainer.training.TrainingLevel;
import io.sightline.trainer.training.TrainingListener;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consuming side of the service on a mock consumer: catch-up, latest-wins, commits, policy gate. */
class TrainerServiceTest {

    private static final String TOPIC = "landmarks.curated";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    @TempDir
    Path work;

    @Test
    void catchesUpCommitsAndTrainsOnlyWhenDue() throws Exception {
        List<Path> photos = SharedData.photos(3);
        MockConsumer<String, LabelledImage> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 4L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(0, "a", event(photos.get(0), "eiffel")));
            consumer.addRecord(record(1, "b", event(photos.get(1), "defense")));
            consumer.addRecord(record(2, "a", event(photos.get(2), "eiffel")));
            consumer.addRecord(record(3, "b", null));
        });
        try (ImageFetcher fetcher = new ImageFetcher(ImageLimits.defaults())) {
            CuratedFolder folder = new CuratedFolder(work.resolve("curated"), fetcher);
            MockProducer<String, ModelPublished> producer =
                    new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
            RetrainRun run = new RetrainRun(
                    new RetrainSettings(
                            work.resolve("bundles"),
                            work.resolve("candidates"),
                            TrainingLevel.HEAD,
                            1,
                            SharedData.backboneOnnx(),
                            SharedData.backboneTorchScript(),
                            1),
                    new HeldOutScore(SharedData.parisImages(), SharedData.parisGroundTruth(), 1),
                    new ModelPublisher(producer, "models.published", Clock.systemUTC()),
                    new TrainingListener() {},
                    Clock.systemUTC());
            TrainerService service = new TrainerService(
                    consumer,
                    TOPIC,
                    folder,
                    new RetrainPolicy(1, Duration.ofDays(1)),
                    run,
                    last -> {
                        throw new AssertionError("no run may start with a single label");
                    },
                    Clock.systemUTC());

            assertEquals(4, service.catchUp(Duration.ofSeconds(10)));
            assertEquals(Map.of("a", "eiffel"), folder.labels());
            assertEquals(4L, consumer.committed(Set.of(P0)).get(P0).offset());
            assertEquals(1, folder.changes());
            assertEquals(Optional.empty(), service.runIfDue(), "due, but one label cannot make triplets");
            assertEquals(1, folder.changes(), "a skipped run does not consume the changes");

            AtomicInteger checks = new AtomicInteger();
            service.runUntil(() -> checks.incrementAndGet() > 2);
            assertTrue(producer.history().isEmpty());
        }
    }

    private static ConsumerRecord<String, LabelledImage> record(long offset, String key, LabelledImage value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, key, value);
    }

    private static LabelledImage event(Path photo, String label) {
        try {
            return LabelledImage.newBuilder()
                    .setImageId(photo.getFileName().toString())
                    .setSource(ByteBuffer.wrap(Files.readAllBytes(photo)))
                    .setLabel(label)
                    .build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
