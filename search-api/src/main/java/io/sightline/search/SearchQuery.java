package io.sightline.search;

import io.sightline.index.SearchMode;
import java.util.Map;
import java.util.Objects;

/**
 * One validated search.
 *
 * @param vector   L2-normalised query descriptor
 * @param k        results wanted
 * @param offset   results skipped first (paging)
 * @param mode     how the index is searched
 * @param expand   apply the configured query expansion
 * @param filters  attribute key to required value; all must match
 * @param minScore hits scoring below are dropped (cosine, -1..1)
 */
public record SearchQuery(float[] vector, int k, int offset, SearchMode mode, boolean expand,
                          Map<String, String> filters, float minScore) {
    public SearchQuery {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(mode, "mode");
        filters = Map.copyOf(filters);
        if (k < 1 || offset < 0) {
            throw new IllegalArgumentException("need k >= 1 and offset >= 0: k=" + k + " offset=" + offset);
        }
    }

    /** The same query with another vector (e.g. search by a stored image). */
    public SearchQuery withVector(float[] other) {
        return new SearchQuery(other, k, offset, mode, expand, filters, minScore);
    }
}
