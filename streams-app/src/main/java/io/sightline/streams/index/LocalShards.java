package io.sightline.streams.index;

import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.StoredImage;
import io.sightline.index.TopHits;
import java.util.List;
import java.util.function.Supplier;

/**
 * All Lucene shards this instance owns right now, searched as one: each shard answers its top-k, the lists are
 * merged. The shard list is asked for on every call because a rebalance can move partitions at any time.
 */
public final class LocalShards implements IndexShard {
    private final Supplier<List<IndexShard>> shards;

    public LocalShards(Supplier<List<IndexShard>> shards) {
        this.shards = shards;
    }

    @Override
    public List<SearchHit> search(float[] query, int k) {
        return TopHits.merge(
                shards.get().stream().map(shard -> shard.search(query, k)).toList(), k);
    }

    @Override
    public int count() {
        return shards.get().stream().mapToInt(IndexShard::count).sum();
    }

    @Override
    public java.util.Optional<float[]> vector(String imageId) {
        return shards.get().stream()
                .map(shard -> shard.vector(imageId))
                .flatMap(java.util.Optional::stream)
                .findFirst();
    }

    @Override
    public java.util.Optional<byte[]> localFeatures(String imageId) {
        return shards.get().stream()
                .map(shard -> shard.localFeatures(imageId))
                .flatMap(java.util.Optional::stream)
                .findFirst();
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        return TopHits.merge(
                shards.get().stream().map(shard -> shard.search(request)).toList(), request.k());
    }

    @Override
    public java.util.Optional<StoredImage> image(String imageId, boolean withThumbnail) {
        return shards.get().stream()
                .map(shard -> shard.image(imageId, withThumbnail))
                .flatMap(java.util.Optional::stream)
                .findFirst();
    }

    @Override
    public boolean supports(SearchMode mode) {
        return shards.get().stream().allMatch(shard -> shard.supports(mode));
    }

    @Override
    public boolean contains(String imageId) {
        return shards.get().stream().anyMatch(shard -> shard.contains(imageId));
    }
}
