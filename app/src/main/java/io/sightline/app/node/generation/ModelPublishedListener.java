package io.sightline.app.node.generation;

import io.sightline.schemas.ModelPublished;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code models.published} from its beginning, outside any consumer group (every instance sees every
 * publication). What was published before this instance started is reduced to the latest publication, which is
 * handed over once the end of the topic is reached; later publications are handed over as they arrive. The last
 * publication wins, also one that names an older version (a rollback). Records that are not valid
 * {@code ModelPublished} values and tombstones are logged and skipped.
 */
public final class ModelPublishedListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPublishedListener.class);

    private final KafkaConsumer<String, ModelPublished> consumer;
    private final Consumer<ModelPublished> onPublished;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    /** @param clientSettings bootstrap servers and any security settings (see {@code KafkaClients}) */
    public ModelPublishedListener(
            Map<String, Object> clientSettings,
            String topic,
            Deserializer<ModelPublished> values,
            Consumer<ModelPublished> onPublished) {
        Properties props = new Properties();
        props.putAll(clientSettings);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.onPublished = onPublished;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> backlogEnd = consumer.endOffsets(partitions);
        this.poller = Thread.ofPlatform().name("models-published").daemon().start(() -> pollLoop(backlogEnd));
    }

    private void pollLoop(Map<TopicPartition, Long> backlogEnd) {
        ModelPublished latestOfBacklog = null;
        boolean inBacklog = true;
        try {
            while (running.get()) {
                ConsumerRecords<String, ModelPublished> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (RecordDeserializationException e) {
                    LOG.error(
                            "Skipping an unreadable record on {} at offset {}: {}",
                            e.topicPartition(),
                            e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    continue;
                }
                for (ConsumerRecord<String, ModelPublished> record : records) {
                    if (record.value() == null) {
                        LOG.info("Ignoring tombstone for model {} on {}", record.key(), record.topic());
                    } else if (inBacklog) {
                        latestOfBacklog = record.value();
                    } else {
                        hand(record.value());
                    }
                }
                if (inBacklog && reached(backlogEnd)) {
                    inBacklog = false;
                    if (latestOfBacklog != null) {
                        hand(latestOfBacklog);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("models.published listener stopped: no new model will be picked up", e);
        } finally {
            consumer.close();
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private void hand(ModelPublished event) {
        LOG.info(
                "Model published: version={} uri={} sha256={} head={} dim={}",
                event.getVersion(),
                event.getBundleUri(),
                event.getSha256(),
                event.getHead(),
                event.getDim());
        onPublished.accept(event);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
