package io.sightline.pq;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optimized product quantization (Ge, He, Ke and Sun, "Optimized Product Quantization", TPAMI 2014), the
 * non-parametric variant Faiss's {@code OPQMatrix} trains: an orthogonal rotation {@code R} learned together with
 * the codebooks so that the rotated vectors' sub-spaces are quantized with less error. It alternates (a) codebooks
 * for {@code X R} with {@code R} fixed and (b) {@code R} for the fixed reconstructions {@code Y}: the orthogonal
 * Procrustes problem {@code min ||X R - Y||}, solved by {@code R = U V^T} from the SVD of {@code X^T Y}. Written
 * here because no JVM library trains OPQ; the SVD is EJML's, the k-means the project's own.
 *
 * <p>Like Faiss: the first codebooks get the full k-means iterations, later ones {@value #PQ_ITERATIONS} (each
 * round starts from a rotation only slightly different from the last), the rotation is fitted on at most 256 x 256
 * rows, and the returned quantizer's codebooks are trained once more with the full parameters on all the rows.
 */
public final class Opq {
    private static final Logger LOG = LoggerFactory.getLogger(Opq.class);
    private static final int PQ_ITERATIONS = 4;
    private static final int MAX_ROWS = ProductQuantizer.CENTROIDS * ProductQuantizer.CENTROIDS;

    private Opq() {}

    /** As {@link #train(float[], int, int, int, KMeansParams, int)} on an array of vectors. */
    public static ProductQuantizer train(float[][] vectors, int m, KMeansParams params, int iterations) {
        return train(Flatten.rows(vectors), vectors.length, vectors[0].length, m, params, iterations);
    }

    /**
     * A product quantizer with an OPQ rotation learned from {@code n} row-major vectors in {@code iterations}
     * alternations; deterministic for the seed in {@code params}.
     */
    public static ProductQuantizer train(float[] data, int n, int dim, int m, KMeansParams params, int iterations) {
        if (dim % m != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of m " + m);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("OPQ iterations must be >= 1, got " + iterations);
        }
        float[] x = sample(data, n, dim, params.seed());
        int rows = x.length / dim;
        float[] rotation = identity(dim);
        float[] rotated = new float[x.length];
        for (int it = 0; it < iterations; it++) {
            rotate(x, rows, dim, rotation, rotated);
            KMeansParams round = it == 0
                    ? params
                    : new KMeansParams(
                            Math.min(PQ_ITERATIONS, params.iterations()),
                            1,
                            params.seed(),
                            params.threads(),
                            params.maxPointsPerCentroid());
            ProductQuantizer pq = ProductQuantizer.train(rotated, rows, dim, m, round);
            float[] reconstructed = reconstruct(pq, rotated, rows, dim);
            LOG.debug(
                    "opq iteration={} m={} quantization.error={}",
                    it,
                    m,
                    meanSquaredDistance(rotated, reconstructed, rows));
            rotation = procrustes(x, reconstructed, rows, dim);
        }
        float[] all = new float[n * dim];
        rotate(data, n, dim, rotation, all);
        ProductQuantizer rotatedPq = ProductQuantizer.train(all, n, dim, m, params);
        return new ProductQuantizer(dim, m, rotatedPq.codebooks(), rotation);
    }

    /** Mean squared distance between each row and its reconstruction (the quantity OPQ lowers). */
    public static double quantizationError(ProductQuantizer pq, float[] data, int n, int dim) {
        return meanSquaredDistance(data, reconstruct(pq, data, n, dim), n);
    }

    private static float[] sample(float[] data, int n, int dim, long seed) {
        if (n <= MAX_ROWS) {
            return java.util.Arrays.copyOf(data, n * dim);
        }
        // A seeded partial Fisher-Yates over row indices: a uniform sample, the same for the same seed.
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[MAX_ROWS * dim];
        for (int i = 0; i < MAX_ROWS; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            System.arraycopy(data, order[i] * dim, out, i * dim, dim);
        }
        return out;
    }

    private static float[] identity(int dim) {
        float[] r = new float[dim * dim];
        for (int i = 0; i < dim; i++) {
            r[i * dim + i] = 1;
        }
        return r;
    }

    /** {@code out = x R}, row by row. */
    private static void rotate(float[] x, int rows, int dim, float[] rotation, float[] out) {
        for (int i = 0; i < rows; i++) {
            Kernels.dotsTransposed(x, i * dim, dim, rotation, 0, dim, out, i * dim);
        }
    }

    /** Each row encoded and decoded again. */
    private static float[] reconstruct(ProductQuantizer pq, float[] x, int rows, int dim) {
        float[] out = new float[rows * dim];
        byte[] code = new byte[pq.codeSize()];
        float[] scratch = new float[ProductQuantizer.CENTROIDS];
        for (int i = 0; i < rows; i++) {
            pq.encode(x, i * dim, code, 0, scratch);
            pq.decode(code, 0, out, i * dim);
        }
        return out;
    }

    /** The orthogonal {@code R} minimising {@code ||X R - Y||}: {@code U V^T} for {@code X^T Y = U S V^T}. */
    private static float[] procrustes(float[] x, float[] y, int rows, int dim) {
        float[] xty = new float[dim * dim];
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < dim; a++) {
                Kernels.axpy(x[i * dim + a], y, i * dim, xty, a * dim, dim);
            }
        }
        DMatrixRMaj mat = new DMatrixRMaj(dim, dim);
        for (int k = 0; k < xty.length; k++) {
            mat.data[k] = xty[k];
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(dim, dim, true, true, false);
        if (!svd.decompose(mat)) {
            throw new IllegalStateException("SVD of the " + dim + "x" + dim + " OPQ cross-covariance failed");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj vt = svd.getV(null, true);
        DMatrixRMaj r = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.mult(u, vt, r);
        float[] out = new float[dim * dim];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) r.data[k];
        }
        return out;
    }

    private static double meanSquaredDistance(float[] a, float[] b, int rows) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s / rows;
    }
}
