package io.sightline.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Merges the top-k lists of several shards into one ranking. */
public final class TopHits {
    private TopHits() {}

    /**
     * The {@code k} best hits over all lists, best first, re-ranked from 1. Ties break on image id so that the
     * merged ranking does not depend on the order the shards answered in.
     */
    public static List<SearchHit> merge(Collection<List<SearchHit>> perShard, int k) {
        List<SearchHit> all = new ArrayList<>();
        perShard.forEach(all::addAll);
        all.sort(Comparator.comparing(SearchHit::score).reversed().thenComparing(SearchHit::imageId));
        List<SearchHit> top = new ArrayList<>(Math.min(k, all.size()));
        for (SearchHit hit : all) {
            if (top.size() == k) {
                break;
            }
            top.add(new SearchHit(hit.imageId(), hit.score(), top.size() + 1));
        }
        return top;
    }
}
