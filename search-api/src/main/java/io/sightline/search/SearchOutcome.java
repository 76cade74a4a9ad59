package io.sightline.search;

import io.sightline.index.SearchHit;
import io.sightline.verify.PointMatch;
import java.util.List;
import java.util.Map;

/**
 * Hits of a search, ranks counted from the first result overall (offset + 1 for the first one returned).
 *
 * @param hits       best first
 * @param partial    true when some shard could not be asked (a fan-out with a shard missing); always false locally
 * @param attributes attributes of hits the backend already read (a fan-out gets them with the hits), by image id;
 *                   the others are read with {@link SearchBackend#image(String)}
 * @param matches    inlier point pairs of verified hits (query pixels to result pixels) when the query asked to
 *                   explain, by image id
 */
public record SearchOutcome(
        List<SearchHit> hits,
        boolean partial,
        Map<String, Map<String, String>> attributes,
        Map<String, List<PointMatch>> matches) {
    public SearchOutcome {
        hits = List.copyOf(hits);
        attributes = Map.copyOf(attributes);
        matches = Map.copyOf(matches);
    }

    public SearchOutcome(List<SearchHit> hits, boolean partial, Map<String, Map<String, String>> attributes) {
        this(hits, partial, attributes, Map.of());
    }

    public SearchOutcome(List<SearchHit> hits, boolean partial) {
        this(hits, partial, Map.of(), Map.of());
    }
}
