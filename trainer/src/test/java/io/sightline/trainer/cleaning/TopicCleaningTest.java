package io.sightline.trainer.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.schemas.LabelledImage;
import io.sightline.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** One batch from landmarks.raw to landmarks.curated, against Kafka's mock clients. */
class TopicCleaningTest {
    private static final String RAW = "landmarks.raw";
    private static final String CURATED = "landmarks.curated";

    @Test
    void publishesTheSurvivorsOfTheWholeTopicWithTheirBoxes() throws Exception {
        List<String> invalides = List.of("paris_invalides_000360", "paris_invalides_000376", "paris_invalides_000106");
        TopicPartition p0 = new TopicPartition(RAW, 0);
        TopicPartition p1 = new TopicPartition(RAW, 1);
        MockConsumer<String, LabelledImage> consumer = new MockConsumer<>("earliest");
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(
                RAW, List.of(new PartitionInfo(RAW, 0, node, null, null), new PartitionInfo(RAW, 1, node, null, null)));
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
        consumer.updateEndOffsets(Map.of(p0, 4L, p1, 2L));
        // Inline bytes and a file:// URI: both kinds of source are loaded; a tombstone drops an earlier event.
        List<ConsumerRecord<String, LabelledImage>> records = List.of(
                new ConsumerRecord<>(RAW, 0, 0, invalides.get(0), inline(invalides.get(0), "invalides")),
                new ConsumerRecord<>(RAW, 0, 1, "paris_eiffel_000266", inline("paris_eiffel_000266", "invalides")),
                new ConsumerRecord<>(RAW, 0, 2, "paris_louvre_000081", inline("paris_louvre_000081", "invalides")),
                new ConsumerRecord<>(RAW, 1, 0, invalides.get(1), byUri(invalides.get(1), "invalides")),
                new ConsumerRecord<>(RAW, 1, 1, invalides.get(2), inline(invalides.get(2), "invalides")),
                new ConsumerRecord<>(RAW, 0, 3, "paris_louvre_000081", null));
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
        Serializer<LabelledImage> noBytes = (topic, value) -> new byte[0];
        MockProducer<String, LabelledImage> producer = new MockProducer<>(true, null, (t, k) -> new byte[0], noBytes);

        CleaningResult result;
        try (DatasetCleaner cleaner =
                        new DatasetCleaner(CleaningParams.defaults().withThreads(2));
                ImageFetcher fetcher = new ImageFetcher(ImageLimits.defaults())) {
            result = new TopicCleaning(cleaner, new ImageDecoder(ImageLimits.defaults()), fetcher)
                    .run(consumer, producer, RAW, CURATED, Duration.ofSeconds(30));
        }

        assertThat(result.removed()).extracting(RemovedImage::imageId).containsExactly("paris_eiffel_000266");
        List<ProducerRecord<String, LabelledImage>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::key).containsExactlyInAnyOrderElementsOf(invalides);
        for (ProducerRecord<String, LabelledImage> record : sent) {
            assertThat(record.topic()).isEqualTo(CURATED);
            LabelledImage event = record.value();
            assertThat(event.getImageId()).isEqualTo(record.key());
            assertThat(event.getLabel()).isEqualTo("invalides");
            assertThat(event.getBox()).isNotNull();
            assertThat(event.getBox().getX2()).isGreaterThan(event.getBox().getX1());
            assertThat(event.getBox().getY2()).isGreaterThan(event.getBox().getY1());
        }
        assertThat(sent.stream()
                        .filter(r -> r.key().equals(invalides.get(1)))
                        .findFirst()
                        .orElseThrow()
                        .value()
                        .getSource())
                .isEqualTo(SharedData.parisImage(invalides.get(1)).toUri().toString());
    }

    private static LabelledImage inline(String id, String label) throws Exception {
        return LabelledImage.newBuilder()
                .setImageId(id)
                .setLabel(label)
                .setSource(ByteBuffer.wrap(Files.readAllBytes(SharedData.parisImage(id))))
                .setBox(null)
                .build();
    }

    private static LabelledImage byUri(String id, String label) {
        return LabelledImage.newBuilder()
                .setImageId(id)
                .setLabel(label)
                .setSource(SharedData.parisImage(id).toUri().toString())
                .setBox(null)
                .build();
    }
}
