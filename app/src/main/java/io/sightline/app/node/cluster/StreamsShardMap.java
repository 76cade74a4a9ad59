package io.sightline.app.node.cluster;

import io.sightline.search.cluster.Owner;
import io.sightline.search.cluster.Placement;
import io.sightline.search.cluster.ShardMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shard owners as the index application's Kafka Streams metadata has them: each member's {@code application.server}
 * and the descriptor partitions whose shard it holds as the active task. A member that died keeps its partitions in
 * the metadata until the group notices (index.session.timeout.ms); asking it then fails and the search is partial.
 */
final class StreamsShardMap implements ShardMap {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsShardMap.class);
    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams indexer;
    private final String store;
    private final String topic;
    private final HostInfo self;
    private final int partitions;

    /**
     * @param self       what this instance advertises as {@code application.server}
     * @param partitions partitions of {@code topic}, one shard each
     */
    StreamsShardMap(KafkaStreams indexer, String store, String topic, HostInfo self, int partitions) {
        this.indexer = Objects.requireNonNull(indexer, "indexer");
        this.store = Objects.requireNonNull(store, "store");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.self = Objects.requireNonNull(self, "self");
        this.partitions = partitions;
    }

    @Override
    public Placement placement() {
        Map<Integer, Owner> owners = new HashMap<>();
        try {
            for (StreamsMetadata member : indexer.streamsMetadataForStore(store)) {
                Owner owner = owner(member.hostInfo());
                for (TopicPartition partition : member.topicPartitions()) {
                    if (partition.topic().equals(topic)) {
                        owners.put(partition.partition(), owner);
                    }
                }
            }
        } catch (RuntimeException e) {
            // Not started, shutting down or in error: no shard is known to be served.
            LOG.debug("No shard metadata from Kafka Streams ({}): every partition is missing", e.toString());
        }
        return new Placement(partitions, owners);
    }

    @Override
    public Optional<Owner> ownerOf(String imageId) {
        try {
            KeyQueryMetadata key = indexer.queryMetadataForKey(store, imageId, KEYS);
            if (key == null || key.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                return Optional.empty();
            }
            return Optional.of(owner(key.activeHost()));
        } catch (RuntimeException e) {
            LOG.debug("No owner known for image {} ({})", imageId, e.toString());
            return Optional.empty();
        }
    }

    private Owner owner(HostInfo host) {
        return new Owner(host.host() + ":" + host.port(), host.equals(self));
    }
}
