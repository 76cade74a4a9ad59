package io.sightline.expansion;

import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Brute-force top-k by dot product; enough for offline evaluation and for DBA over a few thousand vectors. */
public final class ExactSearch {

    private ExactSearch() {}

    /** The {@code k} best of {@code collection} for {@code query}, best first, skipping index {@code exclude} (-1: none). */
    public static List<ScoredVector> topK(float[] query, List<float[]> collection, int k, int exclude) {
        List<ScoredVector> all = new ArrayList<>(collection.size());
        for (int i = 0; i < collection.size(); i++) {
            if (i != exclude) {
                all.add(new ScoredVector(i, collection.get(i), Vectors.dot(query, collection.get(i))));
            }
        }
        all.sort(Comparator.comparingDouble(ScoredVector::score).reversed().thenComparingInt(ScoredVector::index));
        return all.subList(0, Math.min(k, all.size()));
    }
}
