package io.sightline.expansion;

import io.sightline.pooling.Vectors;
import java.util.List;

/** {@code L2(self + sum_i weight(score_i) * v_i)} over the first k neighbours: the core of QE and DBA alike. */
final class WeightedSum {

    private WeightedSum() {}

    static float[] of(float[] self, List<ScoredVector> ranked, int k, double alpha) {
        float[] sum = self.clone();
        int n = Math.min(k, ranked.size());
        for (int i = 0; i < n; i++) {
            ScoredVector s = ranked.get(i);
            // alpha = 0 is the plain average; negative similarities never pull the query away from itself.
            float w = alpha == 0 ? 1f : (float) Math.pow(Math.max(s.score(), 0), alpha);
            float[] v = s.vector();
            if (v.length != sum.length) {
                throw new IllegalArgumentException("dimension mismatch: " + sum.length + " vs " + v.length);
            }
            for (int c = 0; c < sum.length; c++) {
                sum[c] += w * v[c];
            }
        }
        return Vectors.l2normalize(sum);
    }
}
