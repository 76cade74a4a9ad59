package io.sightline.app.node.generation;

import io.sightline.app.config.SightlineConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a generation is behind, from the cluster's point of view: the committed offsets of its two consumer
 * groups against the (read-committed) end offsets of their input topics. Lag 0 on both means every live upload was
 * re-extracted and every descriptor is in a committed shard, on whichever instances run the generation.
 */
public final class CatchUpCheck implements AutoCloseable {
    private final Admin admin;

    public CatchUpCheck(Admin admin) {
        this.admin = admin;
    }

    /** Records of the uploads topic not yet extracted plus descriptors not yet indexed by the generation. */
    public long lag(SightlineConfig generationConfig) {
        return lag(
                        GenerationLayout.extractGroup(generationConfig),
                        generationConfig.getString(SightlineConfig.TOPIC_UPLOADED))
                + lag(
                        GenerationLayout.indexGroup(generationConfig),
                        generationConfig.getString(SightlineConfig.TOPIC_DESCRIPTORS));
    }

    /** Records of {@code topic} after the group's committed offsets (from the log start where it committed none). */
    public long lag(String group, String topic) {
        try {
            List<TopicPartition> partitions =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata position = committed.get(partition);
                long from = position != null
                        ? position.offset()
                        : starts.get(partition).offset();
                lag += Math.max(0, ends.get(partition).offset() - from);
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the lag of group " + group + " on " + topic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the lag of group " + group, e);
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        // Read-committed: the end of a transactional topic is its last stable offset, what a consumer can reach.
        return admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get();
    }

    @Override
    public void close() {
        admin.close();
    }
}
