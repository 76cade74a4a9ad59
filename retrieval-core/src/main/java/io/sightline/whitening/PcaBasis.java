package io.sightline.whitening;

import java.util.List;

/**
 * The mean and eigen-decomposition of a covariance, from which PCA-whitenings of any output dimension and
 * shrinkage power are cut without decomposing again (the costly part for 1280-D region vectors).
 */
public final class PcaBasis {

    private final double[] mean;
    private final SymmetricEigen eigen;

    private PcaBasis(double[] mean, SymmetricEigen eigen) {
        this.mean = mean;
        this.eigen = eigen;
    }

    /** @param ridge relative diagonal loading, see {@link PcaWhiteningLearner} */
    public static PcaBasis fit(List<float[]> vectors, double ridge) {
        double[] mean = Covariance.mean(vectors);
        double[][] cov = Covariance.scatter(Covariance.toDouble(vectors), mean, mean.length);
        Covariance.regularise(cov, ridge);
        return new PcaBasis(mean, SymmetricEigen.of(cov));
    }

    public int dimension() {
        return mean.length;
    }

    /** Eigenvalues, largest first (a copy). */
    public double[] eigenvalues() {
        return eigen.values().clone();
    }

    /** {@code diag(lambda)^(-power) V^T} over the leading {@code outputDimension} components. */
    public Whitening whitening(int outputDimension, double power, String name) {
        int d = mean.length;
        if (outputDimension <= 0 || outputDimension > d) {
            throw new IllegalArgumentException("cannot keep " + outputDimension + " of " + d + " dimensions");
        }
        float[] projection = new float[outputDimension * d];
        for (int r = 0; r < outputDimension; r++) {
            double scale = Math.pow(Math.max(eigen.values()[r], 1e-12), -power);
            double[] vec = eigen.vectors()[r];
            for (int i = 0; i < d; i++) {
                projection[r * d + i] = (float) (vec[i] * scale);
            }
        }
        float[] meanF = new float[d];
        for (int i = 0; i < d; i++) {
            meanF[i] = (float) mean[i];
        }
        return new Whitening(meanF, projection, outputDimension, name);
    }
}
