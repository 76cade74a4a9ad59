package io.sightline.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sightline.verify.PointMatch;
import java.util.List;
import java.util.Map;

/**
 * Body of a successful search ({@code POST /v1/search}, {@code GET /v1/images/{id}/similar}).
 *
 * @param modelVersion   version of the model the query descriptor comes from
 * @param k              results asked for (the list may be shorter: small index, filters, minScore)
 * @param offset         results skipped
 * @param mode           search mode used
 * @param queryExpansion whether query expansion was applied
 * @param partial        true when some shard could not be searched
 * @param results        hits, best first
 * @param timings        where the time went
 */
public record SearchResponse(
        String modelVersion,
        int k,
        int offset,
        String mode,
        boolean queryExpansion,
        boolean partial,
        List<Result> results,
        Timings timings) {

    public SearchResponse {
        results = List.copyOf(results);
    }

    /**
     * One hit.
     *
     * @param imageId      id of the indexed image
     * @param score        rank score: similarity to the (expanded) query, higher is closer
     * @param similarity   raw cosine of the query's and the image's descriptors, before any expansion (null when the
     *                     image's vector could not be read)
     * @param match        {@code duplicate}, {@code near-duplicate}, {@code same-place} or {@code none}, from the
     *                     similarity and the model's calibrated thresholds
     * @param rank         1-based position in the whole ranking (offset included)
     * @param attributes   the image's attributes
     * @param thumbnailUrl where its thumbnail is served
     * @param inliers      geometric inliers with the query when the search verified this hit (its score then
     *                     includes the verification bonus), else null
     * @param matches      with {@code explain}: the inlier point pairs, query pixels {@code (ax, ay)} to this
     *                     image's pixels {@code (bx, by)}, both in the original images; else null
     */
    public record Result(
            String imageId,
            float score,
            Float similarity,
            String match,
            int rank,
            Map<String, String> attributes,
            String thumbnailUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer inliers,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<PointMatch> matches) {}

    /**
     * Server-side durations in milliseconds.
     *
     * @param fetchMs  fetching the query image by URL (0 otherwise)
     * @param encodeMs turning the image into a descriptor (0 for a stored vector)
     * @param searchMs searching the index, including reading result attributes
     * @param totalMs  the whole request
     */
    public record Timings(double fetchMs, double encodeMs, double searchMs, double totalMs) {}
}
