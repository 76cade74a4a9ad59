package io.sightline.streams.index;

import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds {@link LuceneShardStore}s for the topology. Caching does not apply; the store's changelog is the
 * descriptors topic it reads (a read-only store), so a dedicated changelog topic is refused.
 */
public final class LuceneShardStoreBuilder implements StoreBuilder<LuceneShardStore> {
    private final String name;
    private final ShardSettings settings;
    private final DescriptorApplier restorer;

    public LuceneShardStoreBuilder(String name, ShardSettings settings, DescriptorApplier restorer) {
        this.name = name;
        this.settings = settings;
        this.restorer = restorer;
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
        throw new UnsupportedOperationException("the Lucene shard's changelog is the descriptors topic itself");
    }

    @Override
    public StoreBuilder<LuceneShardStore> withLoggingDisabled() {
        return this;
    }

    @Override
    public LuceneShardStore build() {
        return new LuceneShardStore(name, settings, restorer);
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
