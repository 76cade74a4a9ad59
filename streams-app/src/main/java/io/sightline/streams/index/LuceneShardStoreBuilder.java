package io.sightline.streams.index;

import io.sightline.index.VectorFormat;
import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds {@link LuceneShardStore}s for the topology. Caching and change-logging do not apply to it. */
public final class LuceneShardStoreBuilder implements StoreBuilder<LuceneShardStore> {
    private final String name;
    private final int dimension;
    private final VectorFormat format;

    public LuceneShardStoreBuilder(String name, int dimension, VectorFormat format) {
        this.name = name;
        this.dimension = dimension;
        this.format = format;
    }

    @Override
    public StoreBuilder<LuceneShardStore> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<LuceneShardStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<LuceneShardStore> withLoggingEnabled(Map<String, String> config) {
        throw new UnsupportedOperationException("the Lucene shard is rebuilt from the compacted descriptors topic");
    }

    @Override
    public StoreBuilder<LuceneShardStore> withLoggingDisabled() {
        return this;
    }

    @Override
    public LuceneShardStore build() {
        return new LuceneShardStore(name, dimension, format);
    }

    @Override
    public Map<String, String> logConfig() {
        return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
        return false;
    }

    @Override
    public String name() {
        return name;
    }
}
