package io.sightline.app.node.cluster;

import io.sightline.app.config.SightlineConfig;
import io.sightline.index.ImageIndex;
import io.sightline.search.ApiKeys;
import io.sightline.search.ExpandedSearch;
import io.sightline.search.ExtraRoutes;
import io.sightline.search.IndexSearchBackend;
import io.sightline.search.Scope;
import io.sightline.search.SearchBackend;
import io.sightline.search.cluster.ClusterSearchBackend;
import io.sightline.search.cluster.InternalRoutes;
import io.sightline.search.cluster.PartitionedIndex;
import io.sightline.search.cluster.PeerClient;
import io.sightline.streams.SightlineTopology;
import io.sightline.streams.index.IndexShard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an index instance searches: with {@code application.server} set, across every instance of the index
 * application (fan-out to the shards' owners, internal routes for the others to call); without it, its own shards
 * only, as a single instance.
 *
 * @param backend what the search API searches
 * @param local   this instance's shards by partition, what the internal routes answer from (none without fan-out)
 * @param peers   the HTTP client to the other instances, closed with this (none without fan-out)
 */
public record ClusterSearch(SearchBackend backend, Optional<PartitionedIndex> local, Optional<PeerClient> peers)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSearch.class);

    public static ClusterSearch create(
            SightlineConfig config, KafkaStreams indexer, IndexShard shards, ExpandedSearch search) {
        String server = config.getString(SightlineConfig.APPLICATION_SERVER);
        if (server.isBlank()) {
            return new ClusterSearch(new IndexSearchBackend(shards, search), Optional.empty(), Optional.empty());
        }
        String topic = config.getString(SightlineConfig.TOPIC_DESCRIPTORS);
        int partitions = partitions(config.getString(SightlineConfig.BOOTSTRAP_SERVERS), topic);
        StreamsPartitions local = new StreamsPartitions(indexer, SightlineTopology.INDEX_STORE, shards);
        StreamsShardMap shardMap = new StreamsShardMap(
                indexer, SightlineTopology.INDEX_STORE, topic, HostInfo.buildFromEndpoint(server), partitions);
        PeerClient peers = new PeerClient(
                Duration.ofMillis(config.getLong(SightlineConfig.SEARCH_FANOUT_TIMEOUT_MS)),
                readKey(ApiKeys.parse(config.getList(SightlineConfig.HTTP_API_KEYS))));
        LOG.info(
                "Search fans out over the owners of {} partitions of {}; this instance is {}",
                partitions,
                topic,
                server);
        return new ClusterSearch(
                new ClusterSearchBackend(shardMap, local, peers, search), Optional.of(local), Optional.of(peers));
    }

    /** The key instances present to each other: the first (by name) with the read scope, when keys are on. */
    static Optional<String> readKey(ApiKeys keys) {
        return keys.scopesByKey().entrySet().stream()
                .filter(e -> e.getValue().contains(Scope.READ))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
    }

    private static int partitions(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the partition count of " + topic + " from " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partition count of " + topic, e);
        }
    }

    /**
     * The internal routes an instance serves for the others, answering from whatever {@code current} returns at each
     * call (the shards of the generation served now); none when {@code application.server} is not set.
     */
    public static ExtraRoutes internalRoutes(SightlineConfig config, Supplier<Optional<PartitionedIndex>> current) {
        if (config.getString(SightlineConfig.APPLICATION_SERVER).isBlank()) {
            return ExtraRoutes.NONE;
        }
        return new InternalRoutes(new PartitionedIndex() {
            private PartitionedIndex shards() {
                return current.get().orElseThrow(() -> new IllegalStateException("no shards served by partition now"));
            }

            @Override
            public ImageIndex partition(int partition) {
                return shards().partition(partition);
            }

            @Override
            public ImageIndex all() {
                return shards().all();
            }
        });
    }

    @Override
    public void close() {
        peers.ifPresent(PeerClient::close);
    }
}
