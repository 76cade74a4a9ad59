package io.sightline.pq;

/**
 * IVF with residual PQ: a vector is stored as its cell and the PQ code of {@code vector - centroid(cell)}. For
 * inner product the score splits as {@code q.c + q.r}, so one ADC table serves every cell and each probed cell
 * only adds its precomputed {@code q.c} ({@link QueryTables}). Immutable and thread-safe; serialise the two
 * quantizers.
 */
public final class IvfPq {
    private final IvfQuantizer coarse;
    private final ProductQuantizer residual;

    public IvfPq(IvfQuantizer coarse, ProductQuantizer residual) {
        if (coarse.dimension() != residual.dimension()) {
            throw new IllegalArgumentException(
                    "coarse dim " + coarse.dimension() + " != pq dim " + residual.dimension());
        }
        this.coarse = coarse;
        this.residual = residual;
    }

    public static IvfPq train(float[][] vectors, int nlist, int m, KMeansParams params) {
        return train(Flatten.rows(vectors), vectors.length, vectors[0].length, nlist, m, params);
    }

    /** Trains the coarse quantizer, then the PQ on the residuals of the same points. */
    public static IvfPq train(float[] data, int n, int dim, int nlist, int m, KMeansParams params) {
        IvfQuantizer coarse = IvfQuantizer.train(data, n, dim, nlist, params);
        float[] residuals = new float[n * dim];
        float[] scratch = new float[nlist];
        float[] rows = coarse.centroidRows();
        for (int i = 0; i < n; i++) {
            int cell = coarse.assign(data, i * dim, scratch);
            for (int t = 0; t < dim; t++) {
                residuals[i * dim + t] = data[i * dim + t] - rows[cell * dim + t];
            }
        }
        return new IvfPq(coarse, ProductQuantizer.train(residuals, n, dim, m, params));
    }

    public IvfQuantizer coarse() {
        return coarse;
    }

    public ProductQuantizer residual() {
        return residual;
    }

    public Code encode(float[] vector) {
        int dim = coarse.dimension();
        int cell = coarse.assign(vector);
        float[] rows = coarse.centroidRows();
        float[] r = new float[dim];
        for (int t = 0; t < dim; t++) {
            r[t] = vector[t] - rows[cell * dim + t];
        }
        return new Code(cell, residual.encode(r));
    }

    public float[] decode(Code code) {
        int dim = coarse.dimension();
        float[] out = residual.decode(code.code());
        float[] rows = coarse.centroidRows();
        for (int t = 0; t < dim; t++) {
            out[t] += rows[code.cell() * dim + t];
        }
        return out;
    }

    public QueryTables queryTables(float[] query) {
        return new QueryTables(residual.adcTable(query), coarse.innerProducts(query));
    }

    /** The {@code nprobe} cells nearest to the query the tables were built for, nearest first. */
    public int[] probe(QueryTables tables, int nprobe) {
        return coarse.nearestCellsFromInnerProducts(tables.cellDots(), nprobe);
    }

    /** One stored vector: its cell and the PQ code of its residual. */
    public record Code(int cell, byte[] code) {}

    /** What a query needs to score codes: the residual ADC table and its inner product with every centroid. */
    public record QueryTables(float[] adc, float[] cellDots) {
        public float score(int cell, byte[] code, int codeOff, int m) {
            return cellDots[cell] + AdcKernels.score(code, codeOff, m, adc);
        }
    }
}
