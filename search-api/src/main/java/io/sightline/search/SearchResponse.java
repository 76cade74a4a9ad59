package io.sightline.search;

import io.sightline.index.SearchHit;

import java.util.List;

/**
 * Body of a successful {@code POST /v1/search}.
 *
 * @param modelVersion version of the model bundle the query was encoded with
 * @param k            number of results asked for (the list may be shorter when the index is small)
 * @param results      hits, best first
 * @param timings      where the time went
 */
public record SearchResponse(String modelVersion, int k, List<Result> results, Timings timings) {

    /** Defensive copy of the results. */
    public SearchResponse {
        results = List.copyOf(results);
    }

    /**
     * One hit.
     *
     * @param imageId id of the indexed image
     * @param score   similarity to the query, higher is closer
     * @param rank    1-based position
     */
    public record Result(String imageId, float score, int rank) {

        static Result of(SearchHit hit) {
            return new Result(hit.imageId(), hit.score(), hit.rank());
        }
    }

    /**
     * Server-side durations in milliseconds.
     *
     * @param encodeMs time spent turning the image into a descriptor
     * @param searchMs time spent searching the index
     */
    public record Timings(double encodeMs, double searchMs) {
    }
}
