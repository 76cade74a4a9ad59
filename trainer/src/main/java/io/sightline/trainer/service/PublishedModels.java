package io.sightline.trainer.service;

import io.sightline.schemas.ModelPublished;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** The bundle the pipeline serves: the newest event on {@code models.published} (by its createdAt). */
public final class PublishedModels {

    private PublishedModels() {}

    /** Reads {@code topic} to its end with a group-less consumer; empty when nothing was published yet. */
    public static Optional<ModelPublished> latest(
            Consumer<String, ModelPublished> consumer, String topic, Duration timeout) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            return Optional.empty();
        }
        List<TopicPartition> all = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        Map<TopicPartition, Long> end = consumer.endOffsets(all);
        Instant deadline = Instant.now().plus(timeout);
        ModelPublished newest = null;
        while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
            }
            for (ConsumerRecord<String, ModelPublished> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() != null
                        && (newest == null
                                || Comparator.comparing(ModelPublished::getCreatedAt)
                                                .compare(r.value(), newest)
                                        >= 0)) {
                    newest = r.value();
                }
            }
        }
        return Optional.ofNullable(newest);
    }
}
