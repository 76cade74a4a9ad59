package io.sightline.registry;

import io.sightline.registry.SchemaLogCodec.ConfigEntry;
import io.sightline.registry.SchemaLogCodec.Entry;
import io.sightline.registry.SchemaLogCodec.SchemaEntry;
import io.sightline.registry.SchemaLogCodec.Skipped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry state kept in a compacted, single-partition Kafka topic (default {@code _schemas}), in
 * Confluent's record layout. On start the topic is created if missing and read to its end to
 * rebuild the state, so schemas, ids and levels survive restarts. Each write is acknowledged by all
 * in-sync replicas before it is applied locally and before the HTTP caller gets an answer.
 *
 * <p>One registry instance may write the topic at a time: ids are assigned from local state.
 */
public final class KafkaSchemaStore implements SchemaStore {

    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final SchemaLogCodec codec = new SchemaLogCodec();
    private final InMemorySchemaStore view = new InMemorySchemaStore();
    private KafkaProducer<String, String> producer;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param topic the registry topic, e.g. {@link #DEFAULT_TOPIC}
     * @param extraClientProperties security and other settings shared by the admin, consumer and
     *     producer clients (e.g. {@code security.protocol}, {@code sasl.jaas.config})
     */
    public KafkaSchemaStore(String bootstrapServers, String topic, Map<String, Object> extraClientProperties) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.topic = Objects.requireNonNull(topic, "topic");
        Map<String, Object> props = new HashMap<>(extraClientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        this.clientProperties = Map.copyOf(props);
    }

    public KafkaSchemaStore(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TOPIC, Map.of());
    }

    public String topic() {
        return topic;
    }

    @Override
    public synchronized void start() {
        if (producer != null) {
            return;
        }
        new SchemaTopic(clientProperties, topic, TIMEOUT).ensureExists();
        int records = new SchemaLogReader(clientProperties, topic, TIMEOUT).readToEnd(this::apply);
        log.info(
                "Loaded {} record(s) from topic={}: {} subject(s), max id {}",
                records,
                topic,
                view.subjects().size(),
                view.maxId());
        producer = new KafkaProducer<>(producerProperties());
    }

    @Override
    public void append(RegisteredSchema schema) {
        send(codec.schemaKey(schema), codec.schemaValue(schema));
        view.append(schema);
    }

    @Override
    public void putGlobalCompatibility(CompatibilityLevel level) {
        send(codec.configKey(Optional.empty()), codec.configValue(level));
        view.putGlobalCompatibility(level);
    }

    @Override
    public void putSubjectCompatibility(String subject, CompatibilityLevel level) {
        send(codec.configKey(Optional.of(subject)), codec.configValue(level));
        view.putSubjectCompatibility(subject, level);
    }

    @Override
    public Optional<Schema> schemaById(int id) {
        return view.schemaById(id);
    }

    @Override
    public OptionalInt idOf(Schema schema) {
        return view.idOf(schema);
    }

    @Override
    public List<RegisteredSchema> versions(String subject) {
        return view.versions(subject);
    }

    @Override
    public List<String> subjects() {
        return view.subjects();
    }

    @Override
    public int maxId() {
        return view.maxId();
    }

    @Override
    public Optional<CompatibilityLevel> globalCompatibility() {
        return view.globalCompatibility();
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return view.subjectCompatibility(subject);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
            producer = null;
        }
    }

    private void send(String key, String value) {
        KafkaProducer<String, String> started = startedProducer();
        try {
            RecordMetadata written = started.send(new ProducerRecord<>(topic, key, value))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.debug("Wrote {} to {}-{}@{}", key, topic, written.partition(), written.offset());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Write to topic " + topic + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Write to topic " + topic + " timed out after " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to topic " + topic, e);
        }
    }

    private synchronized KafkaProducer<String, String> startedProducer() {
        if (producer == null) {
            throw new IllegalStateException("KafkaSchemaStore on topic " + topic + " is not started");
        }
        return producer;
    }

    /** Replay never fails the start for one record this registry does not understand. */
    private void apply(String key, String value, long offset) {
        try {
            Entry entry = codec.decode(key, value);
            switch (entry) {
                case SchemaEntry s -> view.append(s.schema());
                case ConfigEntry c ->
                    c.subject()
                            .ifPresentOrElse(
                                    subject -> view.putSubjectCompatibility(subject, c.level()),
                                    () -> view.putGlobalCompatibility(c.level()));
                case Skipped s -> log.debug("Skipping record at {}@{}: {}", topic, offset, s.why());
            }
        } catch (RuntimeException e) {
            log.warn("Skipping unusable record at {}@{} (key {}): {}", topic, offset, key, e.toString());
        }
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sightline-schema-registry-writer");
        return props;
    }
}
