package io.sightline.app.kafka;

import io.sightline.app.config.SightlineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Sightline's topics with their partition counts and cleanup policies, leaving existing ones alone. */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    /** One topic to ensure. */
    public record TopicSpec(String name, int partitions, short replication, Map<String, String> configs) {
    }

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
                    missing.add(new NewTopic(spec.name(), spec.partitions(), spec.replication()).configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(missing.stream().map(NewTopic::name).toList());
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + specs + ": " + e.getCause().getMessage(), e.getCause());
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

    /** The specs of Sightline's topics: uploads (delete, large messages), descriptors (compacted), dead letters. */
    public static List<TopicSpec> sightlineTopics(String uploaded, String descriptors, String dlq, int partitions,
                                                  short replication, int maxMessageBytes) {
        return List.of(
                new TopicSpec(uploaded, partitions, replication, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes))),
                new TopicSpec(descriptors, partitions, replication, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new TopicSpec(dlq, partitions, replication, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)));
    }

    /** Ensures the configured topics exist on the configured cluster. */
    public static void ensureConfigured(SightlineConfig config) {
        try (Admin admin = Admin.create(KafkaClients.settings(config))) {
            new TopicSetup(admin).ensure(sightlineTopics(config.getString(SightlineConfig.TOPIC_UPLOADED),
                    config.getString(SightlineConfig.TOPIC_DESCRIPTORS), config.getString(SightlineConfig.TOPIC_DLQ),
                    config.getInt(SightlineConfig.TOPIC_PARTITIONS), config.getShort(SightlineConfig.TOPIC_REPLICATION),
                    config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES)));
        }
    }
}
