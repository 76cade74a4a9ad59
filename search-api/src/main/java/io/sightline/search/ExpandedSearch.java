package io.sightline.search;

import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import io.sightline.index.SearchHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SearchQuery} becomes a page of hits, whatever answers the rounds (this instance's shards, or a fan-out
 * over the instances that own them): a first round, query expansion from the stored vectors of its best hits and a
 * second round, then offset and minimum score. One implementation, so a fan-out ranks exactly as one instance does.
 */
public final class ExpandedSearch {

    /** One round of nearest-neighbour search, and the stored vectors query expansion reads. */
    public interface Rounds {
        /** Best {@code k} hits for {@code vector} under the query's mode and filters, ranked from 1. */
        List<SearchHit> search(float[] vector, int k);

        /** The stored vector of an image among the hits of an earlier round. */
        Optional<float[]> vector(String imageId);
    }

    private final QueryExpansion expansion;
    private final int neighbours;

    /**
     * @param expansion  what {@link SearchQuery#expand()} applies; {@link QueryExpansion#none()} for none
     * @param neighbours how many first-round hits the expansion reads (its k); 0 disables expansion
     */
    public ExpandedSearch(QueryExpansion expansion, int neighbours) {
        this.expansion = Objects.requireNonNull(expansion, "expansion");
        this.neighbours = neighbours;
    }

    /** How many first-round hits the expansion reads the vectors of (0 when it is off). */
    public int neighbours() {
        return neighbours;
    }

    /** The page of hits {@code query} asks for, ranks counted from the first hit overall. */
    public List<SearchHit> run(SearchQuery query, Rounds rounds) {
        int wanted = query.offset() + query.k();
        List<SearchHit> hits;
        if (query.expand() && neighbours > 0) {
            List<SearchHit> first = rounds.search(query.vector(), Math.max(wanted, neighbours));
            List<ScoredVector> ranked = new ArrayList<>(neighbours);
            for (SearchHit hit : first.subList(0, Math.min(neighbours, first.size()))) {
                rounds.vector(hit.imageId()).ifPresent(v -> ranked.add(new ScoredVector(ranked.size(), v, hit.score())));
            }
            hits = ranked.isEmpty() ? first : rounds.search(expansion.expand(query.vector(), ranked), wanted);
        } else {
            hits = rounds.search(query.vector(), wanted);
        }
        List<SearchHit> page = new ArrayList<>(query.k());
        for (SearchHit hit : hits) {
            if (hit.rank() > query.offset() && page.size() < query.k() && hit.score() >= query.minScore()) {
                page.add(hit);
            }
        }
        return page;
    }
}
