package io.sightline.trainer.cleaning;

import io.sightline.schemas.LabelledImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a labelled-image topic from the beginning up to the end offsets seen when the read starts: one batch of
 * everything labelled so far. The latest event per image id wins and a tombstone removes the image. No consumer
 * group and no commits: every batch re-reads the whole topic, because cleaning needs each label's images together.
 */
public final class RawLandmarks {
    private RawLandmarks() {}

    public static List<LabelledImage> readToEnd(
            Consumer<String, LabelledImage> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist or has no partitions");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<String, LabelledImage> latest = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        while (!caughtUp(consumer, end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "could not read " + topic + " to its end offsets " + end + " within " + timeout);
            }
            for (ConsumerRecord<String, LabelledImage> record : consumer.poll(Duration.ofMillis(200))) {
                latest.remove(record.key());
                if (record.value() != null) {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return new ArrayList<>(latest.values());
    }

    private static boolean caughtUp(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
