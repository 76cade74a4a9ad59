package io.sightline.whitening;

import io.sightline.pq.Kernels;
import java.util.Arrays;

/**
 * An affine map {@code y = P (x - mean)} with {@code P} of shape {@code outputDimension x inputDimension},
 * stored row-major. Immutable: the arrays are copied in and out, so a bundle can serialise {@link #mean()} and
 * {@link #projection()} and rebuild an equal instance with the constructor. The output is not normalised;
 * callers L2-normalise where their pipeline says so.
 */
public final class Whitening {

    private final float[] mean;
    private final float[] projection;
    private final int inputDimension;
    private final int outputDimension;
    private final String name;

    /**
     * @param name short tag for model versions, e.g. {@code pcaw320}; must change whenever the learned
     *             arrays could differ in meaning (method, dimension, power)
     */
    public Whitening(float[] mean, float[] projection, int outputDimension, String name) {
        if (mean.length == 0 || outputDimension <= 0 || projection.length != (long) mean.length * outputDimension) {
            throw new IllegalArgumentException("projection of " + projection.length + " values does not fit "
                    + outputDimension + "x" + mean.length);
        }
        this.mean = mean.clone();
        this.projection = projection.clone();
        this.inputDimension = mean.length;
        this.outputDimension = outputDimension;
        this.name = name;
    }

    /** The identity on {@code dimension}-vectors: lets pipelines treat "no whitening" uniformly. */
    public static Whitening identity(int dimension) {
        float[] p = new float[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            p[i * dimension + i] = 1f;
        }
        return new Whitening(new float[dimension], p, dimension, "id");
    }

    public float[] apply(float[] v) {
        if (v.length != inputDimension) {
            throw new IllegalArgumentException(
                    "whitening " + name + " expects " + inputDimension + " values, got " + v.length);
        }
        // Centre once; the projection is the costly part (outputDimension x inputDimension multiply-adds), one
        // vectorised dot product per output row.
        float[] centred = new float[inputDimension];
        for (int i = 0; i < inputDimension; i++) {
            centred[i] = v[i] - mean[i];
        }
        float[] out = new float[outputDimension];
        for (int r = 0; r < outputDimension; r++) {
            out[r] = Kernels.dot(projection, r * inputDimension, centred, 0, inputDimension);
        }
        return out;
    }

    public float[] mean() {
        return mean.clone();
    }

    /** Row-major {@code outputDimension x inputDimension}. */
    public float[] projection() {
        return projection.clone();
    }

    public int inputDimension() {
        return inputDimension;
    }

    public int outputDimension() {
        return outputDimension;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Whitening w
                && w.outputDimension == outputDimension
                && w.name.equals(name)
                && Arrays.equals(w.mean, mean)
                && Arrays.equals(w.projection, projection);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(projection);
    }

    @Override
    public String toString() {
        return "Whitening[" + name + " " + inputDimension + "->" + outputDimension + "]";
    }
}
