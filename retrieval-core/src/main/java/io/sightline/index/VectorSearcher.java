package io.sightline.index;

import java.util.List;

/** Anything that answers top-k nearest-neighbour queries over L2-normalised descriptors. */
public interface VectorSearcher {
    List<SearchHit> search(float[] query, int k);
}
