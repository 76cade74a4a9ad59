package io.sightline.search;

import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.verify.LocalFeatures;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * @param rerank   0: the mode's own scores; R &gt; 0: each round re-ranks the mode's top max(k, R) by the exact dot
 *                 product with the stored vectors (see {@link io.sightline.index.SearchRequest})
 * @param nprobe   IVF cells visited by {@link SearchMode#IVFPQ}
 * @param minSimilarity hits whose raw similarity to the query is below are dropped (-1: none)
 * @param verify   how many of each round's best hits are verified geometrically and re-ranked (0: none; -1: the
 *                 search's default, search.verify); needs {@code local}
 * @param local    the query image's local features, when it has them (an image query, or a stored image's)
 * @param explain  attach the inlier point pairs to each verified hit of the page
 */
public record SearchQuery(
        float[] vector,
        int k,
        int offset,
        SearchMode mode,
        boolean expand,
        Map<String, String> filters,
        float minScore,
        int rerank,
        int nprobe,
        float minSimilarity,
        int verify,
        Optional<LocalFeatures> local,
        boolean explain) {
    public SearchQuery {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(local, "local");
        filters = Map.copyOf(filters);
        if (k < 1 || offset < 0 || rerank < 0 || nprobe < 1 || verify < -1) {
            throw new IllegalArgumentException("need k >= 1, offset >= 0, rerank >= 0, nprobe >= 1 and verify >= -1: k="
                    + k + " offset=" + offset + " rerank=" + rerank + " nprobe=" + nprobe + " verify=" + verify);
        }
    }

    /** Without verification. */
    public SearchQuery(
            float[] vector,
            int k,
            int offset,
            SearchMode mode,
            boolean expand,
            Map<String, String> filters,
            float minScore,
            int rerank,
            int nprobe,
            float minSimilarity) {
        this(
                vector,
                k,
                offset,
                mode,
                expand,
                filters,
                minScore,
                rerank,
                nprobe,
                minSimilarity,
                -1,
                Optional.empty(),
                false);
    }

    /** The same query verifying its first {@code k} hits per round against {@code features}. */
    public SearchQuery withVerification(int k, Optional<LocalFeatures> features, boolean withMatches) {
        return new SearchQuery(
                vector,
                this.k,
                offset,
                mode,
                expand,
                filters,
                minScore,
                rerank,
                nprobe,
                minSimilarity,
                k,
                features,
                withMatches);
    }

    /** Without a minimum similarity. */
    public SearchQuery(
            float[] vector,
            int k,
            int offset,
            SearchMode mode,
            boolean expand,
            Map<String, String> filters,
            float minScore,
            int rerank,
            int nprobe) {
        this(vector, k, offset, mode, expand, filters, minScore, rerank, nprobe, -1f);
    }

    /** Without re-ranking, and the default nprobe. */
    public SearchQuery(
            float[] vector,
            int k,
            int offset,
            SearchMode mode,
            boolean expand,
            Map<String, String> filters,
            float minScore) {
        this(vector, k, offset, mode, expand, filters, minScore, 0, SearchRequest.DEFAULT_NPROBE);
    }

    /** The same query with another vector (e.g. search by a stored image). */
    public SearchQuery withVector(float[] other) {
        return new SearchQuery(
                other,
                k,
                offset,
                mode,
                expand,
                filters,
                minScore,
                rerank,
                nprobe,
                minSimilarity,
                verify,
                local,
                explain);
    }

    /** The same query asking for {@code more} results. */
    public SearchQuery withK(int more) {
        return new SearchQuery(
                vector,
                more,
                offset,
                mode,
                expand,
                filters,
                minScore,
                rerank,
                nprobe,
                minSimilarity,
                verify,
                local,
                explain);
    }
}
