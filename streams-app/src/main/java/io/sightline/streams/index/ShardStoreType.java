package io.sightline.streams.index;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * Lets Interactive Queries hand out one view over every local Lucene shard:
 * {@code streams.store(StoreQueryParameters.fromNameAndType(name, new ShardStoreType()))}.
 */
public final class ShardStoreType implements QueryableStoreType<IndexShard> {
    @Override
    public boolean accepts(StateStore stateStore) {
        return stateStore instanceof LuceneShardStore;
    }

    @Override
    public IndexShard create(StateStoreProvider provider, String storeName) {
        return new LocalShards(() -> provider.stores(storeName, this));
    }
}
