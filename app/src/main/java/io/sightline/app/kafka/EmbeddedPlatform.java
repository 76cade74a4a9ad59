package io.sightline.app.kafka;

import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an external deployment provides and the single-JVM demo brings along: a Kafka broker and a
 * Confluent-API schema registry that keeps its schemas in a compacted topic of that broker.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedPlatform(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort);
        try {
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                    new KafkaSchemaStore(kafka.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC, Map.of()),
                    "127.0.0.1",
                    registryPort);
            return new EmbeddedPlatform(kafka, registry);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public URI registryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
