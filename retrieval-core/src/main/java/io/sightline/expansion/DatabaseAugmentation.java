package io.sightline.expansion;

import java.util.ArrayList;
import java.util.List;

/**
 * Database-side augmentation (Arandjelović and Zisserman, CVPR 2012; alpha weighting as in Radenović et al.):
 * each database vector is replaced by {@code L2(x + sum_{i<=k} sim_i^alpha n_i)} over its k nearest other
 * database vectors. Neighbours are always taken among the <em>raw</em> vectors, never already augmented ones,
 * so one vector's augmentation depends only on raw data and updates do not cascade (see the package doc).
 */
public record DatabaseAugmentation(int k, double alpha) {

    public DatabaseAugmentation {
        if (k <= 0 || alpha < 0) {
            throw new IllegalArgumentException("need k > 0 and alpha >= 0: " + k + ", " + alpha);
        }
    }

    /** Augments a whole collection (raw vectors in, augmented vectors out, same order). */
    public List<float[]> augment(List<float[]> raw) {
        List<float[]> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(augmentOne(raw.get(i), ExactSearch.topK(raw.get(i), raw, k, i)));
        }
        return out;
    }

    /** One vector from its raw neighbours (itself excluded), e.g. as returned by the live index. */
    public float[] augmentOne(float[] raw, List<ScoredVector> neighbours) {
        return WeightedSum.of(raw, neighbours, k, alpha);
    }

    public String name() {
        return "dba" + k + (alpha == 0 ? "" : "a" + alpha);
    }
}
