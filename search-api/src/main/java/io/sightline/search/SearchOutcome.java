package io.sightline.search;

import io.sightline.index.SearchHit;
import java.util.List;
import java.util.Map;

/**
 * Hits of a search, ranks counted from the first result overall (offset + 1 for the first one returned).
 *
 * @param hits       best first
 * @param partial    true when some shard could not be asked (a fan-out with a shard missing); always false locally
 * @param attributes attributes of hits the backend already read (a fan-out gets them with the hits), by image id;
 *                   the others are read with {@link SearchBackend#image(String)}
 */
public record SearchOutcome(List<SearchHit> hits, boolean partial, Map<String, Map<String, String>> attributes) {
    public SearchOutcome {
        hits = List.copyOf(hits);
        attributes = Map.copyOf(attributes);
    }

    public SearchOutcome(List<SearchHit> hits, boolean partial) {
        this(hits, partial, Map.of());
    }
}
