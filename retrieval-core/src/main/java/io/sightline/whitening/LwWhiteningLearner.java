package io.sightline.whitening;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised learned whitening "Lw" (Radenović, Tolias, Chum, TPAMI 2018, {@code cirtorch whitenlearn}):
 * {@code C_S} is the scatter of matching-pair differences, {@code C_S^(-1/2)} whitens intra-class variation;
 * {@code C_D} is the covariance of all vectors after that first step, and its eigenvectors rotate onto the
 * directions that separate classes: {@code P = eig(C_D)^T C_S^(-1/2)}, mean = mean of the vectors.
 * The first {@code outputDimension} rows are kept. Needs labels, so learn it only on training landmarks.
 *
 * @param ridge relative diagonal loading of {@code C_S}; there are usually fewer independent pairs than dimensions
 */
public record LwWhiteningLearner(int outputDimension, double ridge) {

    private static final Logger log = LoggerFactory.getLogger(LwWhiteningLearner.class);

    /** Indices of two vectors that show the same object. */
    public record Pair(int first, int second) {}

    public LwWhiteningLearner {
        if (outputDimension <= 0 || ridge < 0) {
            throw new IllegalArgumentException("bad Lw settings: dim=" + outputDimension + " ridge=" + ridge);
        }
    }

    public Whitening learn(List<float[]> vectors, List<Pair> matching) {
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("Lw needs at least one matching pair");
        }
        double[] mean = Covariance.mean(vectors);
        int d = mean.length;
        if (outputDimension > d) {
            throw new IllegalArgumentException("cannot keep " + outputDimension + " of " + d + " dimensions");
        }
        List<double[]> all = Covariance.toDouble(vectors);
        List<double[]> diffs = new ArrayList<>(matching.size());
        for (Pair p : matching) {
            double[] a = all.get(p.first());
            double[] b = all.get(p.second());
            double[] df = new double[d];
            for (int i = 0; i < d; i++) {
                df[i] = a[i] - b[i];
            }
            diffs.add(df);
        }
        double[][] cs = Covariance.scatter(diffs, null, d);
        Covariance.regularise(cs, ridge);
        double[][] csInvSqrt = inverseSqrt(SymmetricEigen.of(cs));

        List<double[]> projected = new ArrayList<>(all.size());
        for (double[] v : all) {
            double[] centred = new double[d];
            for (int i = 0; i < d; i++) {
                centred[i] = v[i] - mean[i];
            }
            projected.add(multiply(csInvSqrt, centred));
        }
        SymmetricEigen cd = SymmetricEigen.of(Covariance.scatter(projected, null, d));

        float[] projection = new float[outputDimension * d];
        for (int r = 0; r < outputDimension; r++) {
            double[] u = cd.vectors()[r];
            // Row r of eig(C_D)^T C_S^(-1/2) = u^T C_S^(-1/2); C_S^(-1/2) is symmetric.
            double[] row = multiply(csInvSqrt, u);
            for (int i = 0; i < d; i++) {
                projection[r * d + i] = (float) row[i];
            }
        }
        float[] meanF = new float[d];
        for (int i = 0; i < d; i++) {
            meanF[i] = (float) mean[i];
        }
        log.debug(
                "Lw learned from {} vectors and {} pairs, {}->{}", vectors.size(), matching.size(), d, outputDimension);
        return new Whitening(meanF, projection, outputDimension, name());
    }

    public String name() {
        return "lw" + outputDimension;
    }

    private static double[][] inverseSqrt(SymmetricEigen e) {
        int d = e.values().length;
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double s = 1.0 / Math.sqrt(Math.max(e.values()[k], 1e-12));
            double[] v = e.vectors()[k];
            for (int i = 0; i < d; i++) {
                double vi = v[i] * s;
                for (int j = 0; j < d; j++) {
                    out[i][j] += vi * v[j];
                }
            }
        }
        return out;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            double[] row = m[i];
            for (int j = 0; j < v.length; j++) {
                s += row[j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }
}
