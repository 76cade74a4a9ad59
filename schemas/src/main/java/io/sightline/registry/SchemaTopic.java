package io.sightline.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the registry topic exists with the shape the registry relies on: one partition, so the
 * log has a single order, and compaction, so it keeps the latest record per key forever.
 */
final class SchemaTopic {

    private static final Logger log = LoggerFactory.getLogger(SchemaTopic.class);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Duration timeout;

    SchemaTopic(Map<String, Object> clientProperties, String topic, Duration timeout) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.timeout = timeout;
    }

    void ensureExists() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "sightline-schema-registry-admin");
        try (Admin admin = Admin.create(props)) {
            Optional<TopicDescription> existing = describe(admin);
            if (existing.isEmpty()) {
                create(admin);
            } else if (existing.get().partitions().size() != 1) {
                throw new IllegalStateException("Registry topic " + topic + " has "
                        + existing.get().partitions().size() + " partitions; it must have exactly 1");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot prepare registry topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out preparing registry topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing registry topic " + topic, e);
        }
    }

    private Optional<TopicDescription> describe(Admin admin)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return Optional.of(admin.describeTopics(Set.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Replication is left to the broker's default.replication.factor, which fits any cluster size. */
    private void create(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created compacted registry topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            log.info("Registry topic {} was created concurrently", topic);
        }
    }
}
