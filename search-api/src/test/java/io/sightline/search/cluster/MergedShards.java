package io.sightline.search.cluster;

import io.sightline.index.ImageIndex;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.StoredImage;
import io.sightline.index.TopHits;
import java.util.List;
import java.util.Optional;

/** Several test shards searched as one, as an instance's local view is. */
record MergedShards(List<? extends ImageIndex> shards) implements ImageIndex {
    @Override
    public List<SearchHit> search(float[] query, int k) {
        return TopHits.merge(shards.stream().map(s -> s.search(query, k)).toList(), k);
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        return TopHits.merge(shards.stream().map(s -> s.search(request)).toList(), request.k());
    }

    @Override
    public int count() {
        return shards.stream().mapToInt(ImageIndex::count).sum();
    }

    @Override
    public boolean contains(String imageId) {
        return shards.stream().anyMatch(s -> s.contains(imageId));
    }

    @Override
    public Optional<float[]> vector(String imageId) {
        return shards.stream()
                .map(s -> s.vector(imageId))
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public Optional<byte[]> localFeatures(String imageId) {
        return shards.stream()
                .map(s -> s.localFeatures(imageId))
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public Optional<StoredImage> image(String imageId, boolean withThumbnail) {
        return shards.stream()
                .map(s -> s.image(imageId, withThumbnail))
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public boolean supports(SearchMode mode) {
        return shards.stream().allMatch(s -> s.supports(mode));
    }
}
