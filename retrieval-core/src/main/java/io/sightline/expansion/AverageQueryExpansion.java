package io.sightline.expansion;

import java.util.List;

/** Average query expansion (Chum et al., ICCV 2007): the mean of the query and its top k results, L2. */
public record AverageQueryExpansion(int k) implements QueryExpansion {

    public AverageQueryExpansion {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
    }

    @Override
    public float[] expand(float[] query, List<ScoredVector> ranked) {
        return WeightedSum.of(query, ranked, k, 0);
    }

    @Override
    public String name() {
        return "aqe" + k;
    }

    @Override
    public int neighbours() {
        return k;
    }

    @Override
    public String spec() {
        return "avg:" + k;
    }
}
