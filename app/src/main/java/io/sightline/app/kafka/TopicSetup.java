package io.sightline.app.kafka;

import io.sightline.app.config.SightlineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Sightline's topics with their partition counts and cleanup policies, leaving existing ones alone. */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    /** One topic to ensure. */
    public record TopicSpec(String name, int partitions, short replication, Map<String, String> configs) {}

    private final Admin admin;

    public TopicSetup(Admin admin) {
        this.admin = admin;
    }

    public void ensure(List<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(
                            new NewTopic(spec.name(), spec.partitions(), spec.replication()).configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(missing.stream().map(NewTopic::name).toList());
                LOG.info(
                        "Created topics {}",
                        missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topics " + specs + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the broker serves a leader for every partition of the new topics. An idempotent producer that
     * writes before that can have its first batch refused (NOT_LEADER_OR_FOLLOWER) and a later one accepted, after
     * which the first is refused as out of order until it expires: lost uploads (KAFKA-15591, open in 4.3.1).
     */
    private void awaitLeaders(List<String> topics) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                ready = false; // not known to the broker yet
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " have no leader after " + LEADER_WAIT);
            }
            Thread.sleep(50);
        }
    }

    private static final java.time.Duration LEADER_WAIT = java.time.Duration.ofSeconds(30);

    /**
     * The specs of Sightline's topics: uploads (compacted, large messages), descriptors (compacted), dead letters.
     * Uploads are compacted so that a new index generation can re-extract every live image from the latest event per
     * image id (docs/decisions/013); the price is that uploads carrying inline bytes stay on disk for as long as the
     * image lives, and only a tombstone (delete) frees
     * them; the broker refuses uploads without a key.
     */
    public static List<TopicSpec> sightlineTopics(
            String uploaded, String descriptors, String dlq, int partitions, short replication, int maxMessageBytes) {
        return List.of(
                new TopicSpec(
                        uploaded,
                        partitions,
                        replication,
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT,
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                String.valueOf(maxMessageBytes))),
                descriptorTopic(descriptors, partitions, replication),
                new TopicSpec(
                        dlq,
                        partitions,
                        replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)));
    }

    /** A descriptors topic (the base one or a generation's): compacted, the source of truth of its index. */
    public static TopicSpec descriptorTopic(String name, int partitions, short replication) {
        return new TopicSpec(
                name,
                partitions,
                replication,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** models.published: one partition (a total order of publications), compacted by version. */
    public static TopicSpec modelsTopic(String name, short replication) {
        return new TopicSpec(
                name, 1, replication, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * Makes an existing topic compacted (uploads topics created before generations existed had cleanup.policy
     * delete, which would let a re-extraction miss images whose upload expired).
     */
    public void ensureCompacted(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config current =
                    admin.describeConfigs(List.of(resource)).all().get().get(resource);
            ConfigEntry policy = current.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                return;
            }
            admin.incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(
                                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
            LOG.info(
                    "Topic {} switched to cleanup.policy=compact (was {})",
                    topic,
                    policy == null ? null : policy.value());
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot make topic " + topic + " compacted: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring topic " + topic, e);
        }
    }

    /** Ensures the configured topics exist on the configured cluster. */
    public static void ensureConfigured(SightlineConfig config) {
        try (Admin admin = Admin.create(KafkaClients.settings(config))) {
            TopicSetup setup = new TopicSetup(admin);
            setup.ensure(sightlineTopics(
                    config.getString(SightlineConfig.TOPIC_UPLOADED),
                    config.getString(SightlineConfig.TOPIC_DESCRIPTORS),
                    config.getString(SightlineConfig.TOPIC_DLQ),
                    config.getInt(SightlineConfig.TOPIC_PARTITIONS),
                    config.getShort(SightlineConfig.TOPIC_REPLICATION),
                    config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES)));
            setup.ensure(List.of(modelsTopic(
                    config.getString(SightlineConfig.TOPIC_MODELS),
                    config.getShort(SightlineConfig.TOPIC_REPLICATION))));
            if (config.getBoolean(SightlineConfig.MATCHES_PUBLISH)) {
                setup.ensure(List.of(new TopicSpec(
                        config.getString(SightlineConfig.TOPIC_MATCHES),
                        config.getInt(SightlineConfig.TOPIC_PARTITIONS),
                        config.getShort(SightlineConfig.TOPIC_REPLICATION),
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE))));
            }
            setup.ensureCompacted(config.getString(SightlineConfig.TOPIC_UPLOADED));
        }
    }
}
