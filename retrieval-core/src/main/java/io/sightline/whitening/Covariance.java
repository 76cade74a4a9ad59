package io.sightline.whitening;

import java.util.List;

/** Means and (uncentred or centred) scatter matrices in double precision. */
final class Covariance {

    private Covariance() {}

    static double[] mean(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no vectors to learn from");
        }
        int d = vectors.getFirst().length;
        double[] m = new double[d];
        for (float[] v : vectors) {
            if (v.length != d) {
                throw new IllegalArgumentException("mixed dimensions: " + d + " and " + v.length);
            }
            for (int i = 0; i < d; i++) {
                m[i] += v[i];
            }
        }
        for (int i = 0; i < d; i++) {
            m[i] /= vectors.size();
        }
        return m;
    }

    /** {@code (1/n) sum (v - centre)(v - centre)^T}; centre may be null (zero). */
    static double[][] scatter(List<double[]> vectors, double[] centre, int d) {
        double[][] c = new double[d][d];
        double[] x = new double[d];
        for (double[] v : vectors) {
            for (int i = 0; i < d; i++) {
                x[i] = centre == null ? v[i] : v[i] - centre[i];
            }
            for (int i = 0; i < d; i++) {
                double xi = x[i];
                if (xi == 0) {
                    continue;
                }
                double[] row = c[i];
                for (int j = i; j < d; j++) {
                    row[j] += xi * x[j];
                }
            }
        }
        int n = Math.max(1, vectors.size());
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= n;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    static List<double[]> toDouble(List<float[]> vectors) {
        return vectors.stream()
                .map(v -> {
                    double[] d = new double[v.length];
                    for (int i = 0; i < v.length; i++) {
                        d[i] = v[i];
                    }
                    return d;
                })
                .toList();
    }

    /** Adds {@code ridge * trace / d} to the diagonal so rank-deficient estimates (fewer samples than dimensions) invert. */
    static void regularise(double[][] c, double ridge) {
        double trace = 0;
        for (int i = 0; i < c.length; i++) {
            trace += c[i][i];
        }
        double add = ridge * Math.max(trace / c.length, 1e-12);
        for (int i = 0; i < c.length; i++) {
            c[i][i] += add;
        }
    }
}
