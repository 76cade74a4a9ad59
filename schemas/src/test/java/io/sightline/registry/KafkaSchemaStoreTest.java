package io.sightline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registry state in a real (in-process, single-node KRaft) broker survives a registry restart. */
class KafkaSchemaStoreTest {

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static KafkaSchemaStore store(String topic) {
        return new KafkaSchemaStore(cluster.bootstrapServers(), topic, Map.of());
    }

    @Test
    void schemasIdsVersionsAndConfigSurviveARestart() {
        String topic = "_schemas_restart";
        int photoV1;
        int photoV2;
        int other;
        try (var server = EmbeddedSchemaRegistry.start(store(topic), "127.0.0.1", 0);
                var client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            photoV1 = client.register("photos-value", TestSchemas.v1());
            photoV2 = client.register("photos-value", TestSchemas.withDefaultedField());
            other = client.register("other-value", TestSchemas.unrelated());
            client.setSubjectCompatibility("other-value", CompatibilityLevel.NONE);
            client.setGlobalCompatibility(CompatibilityLevel.FULL);
        }

        try (var server = EmbeddedSchemaRegistry.start(store(topic), "127.0.0.1", 0);
                var client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            assertThat(client.subjects()).containsExactly("other-value", "photos-value");
            assertThat(client.versions("photos-value")).containsExactly(1, 2);
            assertThat(client.version("photos-value", 1))
                    .isEqualTo(new RegisteredSchema("photos-value", 1, photoV1, TestSchemas.v1()));
            assertThat(client.latest("photos-value"))
                    .isEqualTo(new RegisteredSchema("photos-value", 2, photoV2, TestSchemas.withDefaultedField()));
            assertThat(client.schemaById(other)).isEqualTo(TestSchemas.unrelated());
            assertThat(client.subjectCompatibility("other-value")).contains(CompatibilityLevel.NONE);
            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);

            // idempotent across the restart, and new ids continue after the old ones
            assertThat(client.register("photos-value", TestSchemas.v1())).isEqualTo(photoV1);
            int next = client.register("third-value", TestSchemas.withRequiredField());
            assertThat(next).isGreaterThan(Math.max(photoV2, other));
        }
    }

    @Test
    void createsTheTopicCompactedWithOnePartition() throws Exception {
        String topic = "_schemas_created";
        try (var store = store(topic)) {
            store.start();
            new LocalSchemaRegistry(store).register("x-value", TestSchemas.v1());
        }

        try (Admin admin = cluster.admin()) {
            var description =
                    admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }
}
