package io.sightline.index;

import java.util.Objects;
import org.apache.lucene.search.Query;

/**
 * One query against a shard.
 *
 * @param vector the L2-normalised query descriptor
 * @param k      hits to return
 * @param mode   how to search
 * @param rerank 0: return the mode's own scores; R > 0: take the mode's top max(k, R) and re-rank that shortlist by
 *               the exact dot product with the stored float vectors
 * @param filter restricts the candidates (e.g. {@link ShardIndex#attribute(String, String)}); null for none
 * @param nprobe IVF cells visited by {@link SearchMode#IVFPQ}; ignored by the other modes
 */
public record SearchRequest(float[] vector, int k, SearchMode mode, int rerank, Query filter, int nprobe) {
    public static final int DEFAULT_NPROBE = 16;

    public SearchRequest {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(mode, "mode");
        if (k < 1 || rerank < 0 || nprobe < 1) {
            throw new IllegalArgumentException(
                    "need k >= 1, rerank >= 0, nprobe >= 1: k=" + k + " rerank=" + rerank + " nprobe=" + nprobe);
        }
    }

    public static SearchRequest of(float[] vector, int k, SearchMode mode) {
        return new SearchRequest(vector, k, mode, 0, null, DEFAULT_NPROBE);
    }

    public SearchRequest withRerank(int shortlist) {
        return new SearchRequest(vector, k, mode, shortlist, filter, nprobe);
    }

    public SearchRequest withFilter(Query newFilter) {
        return new SearchRequest(vector, k, mode, rerank, newFilter, nprobe);
    }

    public SearchRequest withNprobe(int cells) {
        return new SearchRequest(vector, k, mode, rerank, filter, cells);
    }

    public SearchRequest withK(int newK) {
        return new SearchRequest(vector, newK, mode, rerank, filter, nprobe);
    }

    public SearchRequest withVector(float[] newVector) {
        return new SearchRequest(newVector, k, mode, rerank, filter, nprobe);
    }

    public SearchRequest withMode(SearchMode newMode) {
        return new SearchRequest(vector, k, newMode, rerank, filter, nprobe);
    }
}
