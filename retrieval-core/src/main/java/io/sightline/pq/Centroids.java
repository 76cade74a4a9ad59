package io.sightline.pq;

/**
 * A block of {@code k} centroids of dimension {@code dim}, kept both row-major (to serialise and decode) and
 * transposed with half squared norms (to find the nearest one with {@link Kernels#dotsTransposed}: the L2-nearest
 * centroid maximises {@code x.c - |c|^2 / 2}). Immutable.
 */
final class Centroids {
    private final int k;
    private final int dim;
    private final float[] rows;
    private final float[] transposed;
    private final float[] halfNorms;

    Centroids(float[] rows, int k, int dim) {
        if (rows.length != k * dim) {
            throw new IllegalArgumentException("expected " + k + " x " + dim + " floats, got " + rows.length);
        }
        this.k = k;
        this.dim = dim;
        this.rows = rows;
        this.transposed = new float[k * dim];
        this.halfNorms = new float[k];
        for (int c = 0; c < k; c++) {
            float n = 0;
            for (int t = 0; t < dim; t++) {
                float v = rows[c * dim + t];
                transposed[t * k + c] = v;
                n += v * v;
            }
            halfNorms[c] = n / 2;
        }
    }

    int k() {
        return k;
    }

    int dim() {
        return dim;
    }

    /** The row-major centroids; callers must not modify the array. */
    float[] rows() {
        return rows;
    }

    /** Inner products of {@code x[off..off+dim)} with every centroid, into {@code out[outOff..outOff+k)}. */
    void innerProducts(float[] x, int off, float[] out, int outOff) {
        Kernels.dotsTransposed(x, off, dim, transposed, 0, k, out, outOff);
    }

    /** Index of the L2-nearest centroid; {@code scratch} needs {@code k} floats. */
    int nearest(float[] x, int off, float[] scratch) {
        innerProducts(x, off, scratch, 0);
        return Kernels.argmaxDiff(scratch, halfNorms, k);
    }

    /** The {@code count} L2-nearest centroids, nearest first, from the query's inner products with them. */
    int[] nearestFromInnerProducts(float[] innerProducts, int count) {
        float[] scratch = new float[k];
        for (int c = 0; c < k; c++) {
            scratch[c] = innerProducts[c] - halfNorms[c];
        }
        return TopK.largest(scratch, k, Math.min(count, k));
    }

    /** The {@code count} L2-nearest centroids, nearest first; {@code scratch} needs {@code k} floats. */
    int[] nearest(float[] x, int off, int count, float[] scratch) {
        innerProducts(x, off, scratch, 0);
        for (int c = 0; c < k; c++) {
            scratch[c] -= halfNorms[c];
        }
        return TopK.largest(scratch, k, Math.min(count, k));
    }
}
