package io.sightline.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic as the pipeline's consumers would see it, to count what was written exactly once. */
final class CommittedRecords {
    private CommittedRecords() {}

    /**
     * Whether consumer group {@code group} has committed, on every partition of {@code topic}, the end offset: it has
     * processed (and, under exactly_once_v2, published the output of) every record there is.
     */
    static boolean groupAtEnd(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            List<TopicPartition> partitions =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                long end = ends.get(partition).offset();
                if (end > 0 && (at == null || at.offset() < end)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * How many keys of a (changelog) topic are live: their latest committed record is not a tombstone. For the
     * extraction's batch buffer changelog, 0 means no upload is waiting in a micro-batch.
     */
    static int liveKeys(String bootstrap, String topic) {
        Map<String, Boolean> live = new java.util.HashMap<>();
        forEachCommitted(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                topic,
                record -> live.put(
                        record.partition() + ":" + java.util.HexFormat.of().formatHex(record.key()),
                        record.value() != null));
        return (int) live.values().stream().filter(Boolean::booleanValue).count();
    }

    /** Keys of every committed, non-tombstone record (read_committed: aborted transactions are invisible). */
    static List<String> keys(String bootstrap, String topic) {
        return keys(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic);
    }

    /** As {@link #keys(String, String)} with extra client settings (TLS). */
    static List<String> keys(Map<String, ?> clientSettings, String topic) {
        List<String> keys = new ArrayList<>();
        forEachCommitted(clientSettings, topic, record -> {
            if (record.value() != null) {
                keys.add(
                        record.key() == null
                                ? null
                                : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return keys;
    }

    /** Every committed record of the topic, from the beginning to the end offsets as of now. */
    private static void forEachCommitted(
            Map<String, ?> clientSettings,
            String topic,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Properties props = new Properties();
        props.putAll(clientSettings);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(action);
            }
        }
    }
}
