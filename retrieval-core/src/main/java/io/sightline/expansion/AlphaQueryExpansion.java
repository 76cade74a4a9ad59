package io.sightline.expansion;

import java.util.List;

/**
 * alpha-QE (Radenović et al., TPAMI 2018): the query plus its top k results weighted by {@code sim^alpha}, L2.
 * Large alpha trusts only near-duplicates; alpha = 0 is average QE.
 */
public record AlphaQueryExpansion(int k, double alpha) implements QueryExpansion {

    public AlphaQueryExpansion {
        if (k <= 0 || alpha < 0) {
            throw new IllegalArgumentException("need k > 0 and alpha >= 0: " + k + ", " + alpha);
        }
    }

    @Override
    public float[] expand(float[] query, List<ScoredVector> ranked) {
        return WeightedSum.of(query, ranked, k, alpha);
    }

    @Override
    public String name() {
        return "aqe" + k + "a" + (alpha == Math.rint(alpha) ? String.valueOf((long) alpha) : String.valueOf(alpha));
    }

    @Override
    public int neighbours() {
        return k;
    }

    @Override
    public String spec() {
        return "alpha:" + k + ":" + alpha;
    }
}
