package io.sightline.streams.index;

import io.sightline.index.VectorSearcher;

/** What a search needs from a shard, or from a view over several: search, size, membership. */
public interface IndexShard extends VectorSearcher {
    int count();

    boolean contains(String imageId);

    /** The stored vector of an indexed image (query expansion reads its neighbours' vectors). */
    java.util.Optional<float[]> vector(String imageId);
}
