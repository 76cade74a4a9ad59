package io.sightline.app.node;

import io.sightline.schemas.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the dead-letter topic from the beginning and keeps the latest dead letter per image id, so the demo
 * can say how many uploads were rejected and why.
 */
public final class DeadLetterCounter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCounter.class);

    private final KafkaConsumer<String, DeadLetter> consumer;
    private final Map<String, DeadLetter> byImage = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    public DeadLetterCounter(String bootstrapServers, String topic, Deserializer<DeadLetter> values) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, values);
    }

    /** @param clientSettings bootstrap servers and any security settings (see {@code KafkaClients}) */
    public DeadLetterCounter(Map<String, Object> clientSettings, String topic, Deserializer<DeadLetter> values) {
        Properties props = new Properties();
        props.putAll(clientSettings);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only dead letters of committed transactions count: an aborted attempt is retried, not rejected.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        // A watcher, not a member of any group: read every partition from the start, commit nothing.
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.poller = Thread.ofPlatform().name("dlq-counter").daemon().start(this::pollLoop);
    }

    private void pollLoop() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, DeadLetter> record : consumer.poll(Duration.ofMillis(200))) {
                    DeadLetter letter = record.value();
                    String id = letter.getImageId() != null
                            ? letter.getImageId()
                            : letter.getTopic() + "/" + letter.getPartition() + "@" + letter.getOffset();
                    byImage.put(id, letter);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Dead-letter counter stopped", e);
        } finally {
            consumer.close();
        }
    }

    public int count() {
        return byImage.size();
    }

    public Map<String, DeadLetter> byImage() {
        return Map.copyOf(byImage);
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
