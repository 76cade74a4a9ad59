package io.sightline.search;

import io.sightline.index.SearchHit;
import java.util.List;

/**
 * Hits of a search, ranks counted from the first result overall (offset + 1 for the first one returned).
 *
 * @param hits    best first
 * @param partial true when some shard could not be asked (a fan-out with a shard missing); always false locally
 */
public record SearchOutcome(List<SearchHit> hits, boolean partial) {
    public SearchOutcome {
        hits = List.copyOf(hits);
    }
}
