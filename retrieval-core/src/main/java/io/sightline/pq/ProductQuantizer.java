package io.sightline.pq;

import java.util.Arrays;

/**
 * Product quantizer: the vector is cut into {@code m} contiguous sub-vectors of {@code dim / m} floats, each
 * replaced by the index of its nearest of 256 centroids, so a code is {@code m} bytes. Similarity is inner
 * product, computed asymmetrically (ADC): the query stays exact, {@link #adcTable} holds its inner product with
 * every sub-centroid and {@link #adcScore} sums {@code m} table entries.
 *
 * <p>Optionally with an OPQ rotation ({@link Opq}): an orthogonal {@code dim x dim} matrix {@code R} applied before
 * quantizing, {@code y = x R}; codebooks then live in the rotated space, {@link #encode} and {@link #adcTable}
 * rotate their input and {@link #decode} rotates back, so callers never see the rotated space (inner products are
 * unchanged by an orthogonal rotation).
 *
 * <p>Serialise with {@link #dimension()}, {@link #subQuantizers()}, {@link #codebooks()} and {@link #rotation()};
 * the constructor rebuilds the quantizer from them. Immutable and thread-safe.
 */
public final class ProductQuantizer {
    public static final int CENTROIDS = 256;

    private final int dim;
    private final int m;
    private final int subDim;
    private final float[] codebooks;
    private final Centroids[] sub;
    /** Row-major {@code dim x dim}, or null for none. */
    private final float[] rotation;

    /**
     * @param codebooks {@code m x 256 x (dim / m)} floats: sub-quantizer, then centroid, then coordinate
     */
    public ProductQuantizer(int dim, int m, float[] codebooks) {
        this(dim, m, codebooks, null);
    }

    /**
     * @param codebooks as in {@link #ProductQuantizer(int, int, float[])}, in the rotated space
     * @param rotation  row-major orthogonal {@code dim x dim} matrix {@code R} ({@code y = x R}), or null for none
     */
    public ProductQuantizer(int dim, int m, float[] codebooks, float[] rotation) {
        if (m < 1 || dim % m != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of m " + m);
        }
        this.dim = dim;
        this.m = m;
        this.subDim = dim / m;
        if (codebooks.length != m * CENTROIDS * subDim) {
            throw new IllegalArgumentException(
                    "codebooks need " + m * CENTROIDS * subDim + " floats, got " + codebooks.length);
        }
        if (rotation != null && rotation.length != dim * dim) {
            throw new IllegalArgumentException("a rotation needs " + dim * dim + " floats, got " + rotation.length);
        }
        this.rotation = rotation == null ? null : rotation.clone();
        this.codebooks = codebooks.clone();
        this.sub = new Centroids[m];
        for (int j = 0; j < m; j++) {
            sub[j] = new Centroids(
                    Arrays.copyOfRange(this.codebooks, j * CENTROIDS * subDim, (j + 1) * CENTROIDS * subDim),
                    CENTROIDS,
                    subDim);
        }
    }

    public static ProductQuantizer train(float[][] vectors, int m, KMeansParams params) {
        return train(Flatten.rows(vectors), vectors.length, vectors[0].length, m, params);
    }

    /** Trains one 256-centroid k-means per sub-space on {@code n} row-major vectors (sub-quantizer j uses seed + j). */
    public static ProductQuantizer train(float[] data, int n, int dim, int m, KMeansParams params) {
        if (dim % m != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of m " + m);
        }
        int subDim = dim / m;
        float[] codebooks = new float[m * CENTROIDS * subDim];
        float[] slice = new float[n * subDim];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(data, i * dim + j * subDim, slice, i * subDim, subDim);
            }
            KMeans.Result r = new KMeans(params.withSeed(params.seed() + j)).fit(slice, n, subDim, CENTROIDS);
            System.arraycopy(r.centroids(), 0, codebooks, j * CENTROIDS * subDim, CENTROIDS * subDim);
        }
        return new ProductQuantizer(dim, m, codebooks);
    }

    public int dimension() {
        return dim;
    }

    /** Number of sub-quantizers, which is also the code size in bytes. */
    public int subQuantizers() {
        return m;
    }

    public int codeSize() {
        return m;
    }

    /** A copy of the codebooks, in the layout the constructor takes. */
    public float[] codebooks() {
        return codebooks.clone();
    }

    /** A copy of the OPQ rotation (row-major {@code dim x dim}), or null when there is none. */
    public float[] rotation() {
        return rotation == null ? null : rotation.clone();
    }

    /** {@code vector[off .. off + dim)} in the space the codebooks live in: rotated, or the vector itself. */
    private float[] toCodeSpace(float[] vector, int off) {
        if (rotation == null) {
            return off == 0 && vector.length == dim ? vector : Arrays.copyOfRange(vector, off, off + dim);
        }
        float[] rotated = new float[dim];
        Kernels.dotsTransposed(vector, off, dim, rotation, 0, dim, rotated, 0);
        return rotated;
    }

    public byte[] encode(float[] vector) {
        byte[] code = new byte[m];
        encode(vector, 0, code, 0, new float[CENTROIDS]);
        return code;
    }

    /** Encodes {@code vector[off..off+dim)} into {@code out[outOff..outOff+m)}; {@code scratch} needs 256 floats. */
    public void encode(float[] vector, int off, byte[] out, int outOff, float[] scratch) {
        float[] v = rotation == null ? vector : toCodeSpace(vector, off);
        int base = rotation == null ? off : 0;
        for (int j = 0; j < m; j++) {
            out[outOff + j] = (byte) sub[j].nearest(v, base + j * subDim, scratch);
        }
    }

    public float[] decode(byte[] code) {
        float[] out = new float[dim];
        decode(code, 0, out, 0);
        return out;
    }

    public void decode(byte[] code, int codeOff, float[] out, int outOff) {
        float[] y = rotation == null ? out : new float[dim];
        int base = rotation == null ? outOff : 0;
        for (int j = 0; j < m; j++) {
            int c = code[codeOff + j] & 0xFF;
            System.arraycopy(codebooks, (j * CENTROIDS + c) * subDim, y, base + j * subDim, subDim);
        }
        if (rotation != null) {
            // x = y R^T: row i of R dotted with y.
            for (int i = 0; i < dim; i++) {
                out[outOff + i] = Kernels.dot(rotation, i * dim, y, 0, dim);
            }
        }
    }

    /** Inner products of the query's sub-vectors with every sub-centroid: {@code m x 256} floats. */
    public float[] adcTable(float[] query) {
        float[] table = new float[m * CENTROIDS];
        adcTable(query, table);
        return table;
    }

    public void adcTable(float[] query, float[] table) {
        if (query.length != dim) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the quantizer " + dim);
        }
        float[] q = toCodeSpace(query, 0);
        for (int j = 0; j < m; j++) {
            sub[j].innerProducts(q, j * subDim, table, j * CENTROIDS);
        }
    }

    /** Scalar reference of {@link #adcTable(float[])}, for tests. */
    float[] adcTableScalar(float[] query) {
        query = toCodeSpace(query, 0);
        float[] table = new float[m * CENTROIDS];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < CENTROIDS; c++) {
                table[j * CENTROIDS + c] =
                        ScalarKernels.dot(query, j * subDim, codebooks, (j * CENTROIDS + c) * subDim, subDim);
            }
        }
        return table;
    }

    /** The query-to-vector inner product estimated from the code: the query's dot product with {@link #decode}. */
    public float adcScore(byte[] code, float[] table) {
        return AdcKernels.score(code, 0, m, table);
    }

    public float adcScore(byte[] code, int codeOff, float[] table) {
        return AdcKernels.score(code, codeOff, m, table);
    }

    @Override
    public String toString() {
        return "ProductQuantizer[dim=" + dim + ", m=" + m + (rotation == null ? "" : ", opq") + "]";
    }
}
