package io.sightline.app.node.cluster;

import io.sightline.index.ImageIndex;
import io.sightline.search.cluster.PartitionedIndex;
import io.sightline.streams.index.ShardStoreType;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;

/**
 * This instance's shards through Interactive Queries, one partition at a time: a partition this instance does not
 * hold as a running active task (not owned, restoring, moving) fails with Kafka Streams' InvalidStateStoreException
 * when used, which the fan-out reports as missing.
 */
final class StreamsPartitions implements PartitionedIndex {
    private final KafkaStreams indexer;
    private final String store;
    private final ImageIndex all;

    /** @param all every local shard as one, riding over rebalances (what the single-instance search uses) */
    StreamsPartitions(KafkaStreams indexer, String store, ImageIndex all) {
        this.indexer = Objects.requireNonNull(indexer, "indexer");
        this.store = Objects.requireNonNull(store, "store");
        this.all = Objects.requireNonNull(all, "all");
    }

    @Override
    public ImageIndex partition(int partition) {
        return indexer.store(StoreQueryParameters.fromNameAndType(store, new ShardStoreType()).withPartition(partition));
    }

    @Override
    public ImageIndex all() {
        return all;
    }
}
