package io.sightline.search;

import io.sightline.index.SearchHit;
import io.sightline.index.VectorSearcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exact brute-force inner-product search over an in-memory map; test double for the Lucene index. */
final class InMemorySearcher implements VectorSearcher {

    private final Map<String, float[]> vectors = new LinkedHashMap<>();

    InMemorySearcher put(String imageId, float[] vector) {
        vectors.put(imageId, vector.clone());
        return this;
    }

    @Override
    public List<SearchHit> search(float[] query, int k) {
        record Scored(String id, float score) {
        }
        List<Scored> scored = new ArrayList<>();
        vectors.forEach((id, v) -> scored.add(new Scored(id, dot(query, v))));
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < Math.min(k, scored.size()); i++) {
            hits.add(new SearchHit(scored.get(i).id(), scored.get(i).score(), i + 1));
        }
        return hits;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
