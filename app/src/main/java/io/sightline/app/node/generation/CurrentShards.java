package io.sightline.app.node.generation;

import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.StoredImage;
import io.sightline.streams.index.IndexShard;
import java.util.List;
import java.util.Optional;

/**
 * The shards of whichever generation is current at each call, for callers that hold an {@link IndexShard} across a
 * switch (the demo's ingest waiter, benchmarks). Searches go through {@link GenerationManager#search()} instead,
 * which pins one generation per request.
 */
public record CurrentShards(GenerationManager generations) implements IndexShard {
    private IndexShard shards() {
        return generations
                .current()
                .shards()
                .orElseThrow(() -> new IllegalStateException("an extract-only instance holds no index shards"));
    }

    @Override
    public List<SearchHit> search(float[] query, int k) {
        return shards().search(query, k);
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        return shards().search(request);
    }

    @Override
    public Optional<StoredImage> image(String imageId, boolean withThumbnail) {
        return shards().image(imageId, withThumbnail);
    }

    @Override
    public boolean supports(SearchMode mode) {
        return shards().supports(mode);
    }

    @Override
    public int count() {
        return shards().count();
    }

    @Override
    public boolean contains(String imageId) {
        return shards().contains(imageId);
    }

    @Override
    public Optional<float[]> vector(String imageId) {
        return shards().vector(imageId);
    }

    @Override
    public Optional<byte[]> localFeatures(String imageId) {
        return shards().localFeatures(imageId);
    }
}
