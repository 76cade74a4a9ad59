package io.sightline.app.node.cluster;

import io.sightline.index.ImageIndex;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.StoredImage;
import io.sightline.search.cluster.PartitionedIndex;
import io.sightline.streams.index.ShardStoreType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * This instance's shards through Interactive Queries, one partition at a time. A partition this instance does not
 * hold as a running active task (not owned, restoring, moving) fails with Kafka Streams' InvalidStateStoreException,
 * which the fan-out reports as missing. Calls retry for up to {@link #PATIENCE_MILLIS}: during every rebalance the
 * stream thread refuses queries for a moment (PARTITIONS_ASSIGNED) even for shards it keeps, and a search should
 * not turn partial for that.
 */
final class StreamsPartitions implements PartitionedIndex {
    static final long PATIENCE_MILLIS = 1000;
    private static final long PAUSE_MILLIS = 50;

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
        return new Patient(() -> indexer.store(StoreQueryParameters.fromNameAndType(store, new ShardStoreType())
                .withPartition(partition)));
    }

    @Override
    public ImageIndex all() {
        return all;
    }

    /** One partition's shard, looked up on every call and waited for briefly while Kafka Streams rebalances. */
    private record Patient(java.util.function.Supplier<ImageIndex> shard) implements ImageIndex {
        private <T> T call(Function<ImageIndex, T> use) {
            long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
            while (true) {
                try {
                    return use.apply(shard.get());
                } catch (InvalidStateStoreException e) {
                    if (System.currentTimeMillis() + PAUSE_MILLIS > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(PAUSE_MILLIS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        @Override
        public List<SearchHit> search(float[] query, int k) {
            return call(index -> index.search(query, k));
        }

        @Override
        public int count() {
            return call(ImageIndex::count);
        }

        @Override
        public boolean contains(String imageId) {
            return call(index -> index.contains(imageId));
        }

        @Override
        public Optional<float[]> vector(String imageId) {
            return call(index -> index.vector(imageId));
        }

        @Override
        public Optional<byte[]> localFeatures(String imageId) {
            return call(index -> index.localFeatures(imageId));
        }

        @Override
        public List<SearchHit> search(SearchRequest request) {
            return call(index -> index.search(request));
        }

        @Override
        public Optional<StoredImage> image(String imageId, boolean withThumbnail) {
            return call(index -> index.image(imageId, withThumbnail));
        }

        @Override
        public boolean supports(SearchMode mode) {
            return call(index -> index.supports(mode));
        }
    }
}
