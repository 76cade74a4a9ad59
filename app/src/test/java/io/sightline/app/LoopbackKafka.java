package io.sightline.app;

import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** One KRaft broker (combined with its controller) and the schema registry on loopback, for the multi-JVM tests. */
final class LoopbackKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final EmbeddedSchemaRegistry registry;

    private LoopbackKafka(KafkaClusterTestKit cluster, EmbeddedSchemaRegistry registry) {
        this.cluster = cluster;
        this.registry = registry;
    }

    static LoopbackKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new LoopbackKafka(
                    cluster,
                    EmbeddedSchemaRegistry.start(
                            new KafkaSchemaStore(cluster.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC, Map.of()),
                            "127.0.0.1",
                            0));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    String registryUrl() {
        return registry.url().toString();
    }

    @Override
    public void close() throws Exception {
        try {
            registry.close();
        } finally {
            cluster.close();
        }
    }
}
