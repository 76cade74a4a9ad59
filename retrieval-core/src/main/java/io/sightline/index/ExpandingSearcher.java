package io.sightline.index;

import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Query expansion at search time: search, rewrite the query from the stored vectors of its best hits, search again.
 * Scores of the second round are similarities to the expanded query.
 */
public final class ExpandingSearcher implements VectorSearcher {
    private final VectorSearcher base;
    private final Function<String, Optional<float[]>> vectors;
    private final QueryExpansion expansion;
    private final int neighbours;

    /**
     * @param vectors    the stored vector of an indexed image
     * @param neighbours how many first-round hits the expansion may read (its k)
     */
    public ExpandingSearcher(VectorSearcher base, Function<String, Optional<float[]>> vectors,
                             QueryExpansion expansion, int neighbours) {
        this.base = base;
        this.vectors = vectors;
        this.expansion = expansion;
        this.neighbours = neighbours;
    }

    @Override
    public List<SearchHit> search(float[] query, int k) {
        List<SearchHit> first = base.search(query, Math.max(k, neighbours));
        List<ScoredVector> ranked = new ArrayList<>(neighbours);
        for (SearchHit hit : first.subList(0, Math.min(neighbours, first.size()))) {
            vectors.apply(hit.imageId()).ifPresent(v -> ranked.add(new ScoredVector(ranked.size(), v, hit.score())));
        }
        if (ranked.isEmpty()) {
            return first.subList(0, Math.min(k, first.size()));
        }
        return base.search(expansion.expand(query, ranked), k);
    }
}
