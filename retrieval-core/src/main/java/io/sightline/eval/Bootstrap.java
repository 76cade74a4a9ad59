package io.sightline.eval;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of a mean over clusters: each resample draws whole clusters (a query photo and all its
 * views) with replacement, so correlated views do not narrow the interval. Seeded: the same input gives the same
 * interval.
 */
public final class Bootstrap {

    /** A point estimate and its two-sided 95% interval. */
    public record Interval(double mean, double low, double high) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.4f [%.4f, %.4f]", mean, low, high);
        }
    }

    public static final int RESAMPLES = 2000;

    private Bootstrap() {}

    /**
     * @param clusters per cluster, the values whose overall mean is estimated (the mean weights every value alike)
     */
    public static Interval mean95(List<double[]> clusters, long seed) {
        double[] sums = new double[clusters.size()];
        int[] counts = new int[clusters.size()];
        double total = 0;
        int n = 0;
        for (int i = 0; i < clusters.size(); i++) {
            for (double v : clusters.get(i)) {
                sums[i] += v;
            }
            counts[i] = clusters.get(i).length;
            total += sums[i];
            n += counts[i];
        }
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double s = 0;
            int c = 0;
            for (int i = 0; i < clusters.size(); i++) {
                int pick = random.nextInt(clusters.size());
                s += sums[pick];
                c += counts[pick];
            }
            means[r] = c == 0 ? 0 : s / c;
        }
        Arrays.sort(means);
        return new Interval(
                total / n,
                means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                means[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
    }
}
