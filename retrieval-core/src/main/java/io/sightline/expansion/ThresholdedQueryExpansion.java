package io.sightline.expansion;

import java.util.List;

/**
 * Query expansion that cannot drift far: only first-round neighbours whose similarity to the query is at least
 * {@code minSimilarity} enter the expansion; with none above it the query stays as it is. Plain alpha-QE averages
 * in its top k whatever they show, so one wrong neighbour pulls the second round towards another landmark.
 */
public record ThresholdedQueryExpansion(QueryExpansion inner, double minSimilarity) implements QueryExpansion {

    @Override
    public float[] expand(float[] query, List<ScoredVector> ranked) {
        int keep = 0;
        while (keep < ranked.size() && ranked.get(keep).score() >= minSimilarity) {
            keep++;
        }
        return keep == 0 ? query.clone() : inner.expand(query, ranked.subList(0, keep));
    }

    @Override
    public int neighbours() {
        return inner.neighbours();
    }

    @Override
    public String name() {
        return inner.name() + "min" + minSimilarity;
    }

    @Override
    public String spec() {
        return inner.spec() + ":" + minSimilarity;
    }
}
