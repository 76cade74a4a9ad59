package io.sightline.pq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.testing.SyntheticVectors;
import org.junit.jupiter.api.Test;

class ProductQuantizerTest {
    private static final int DIM = 64;
    private static final int N = 4000;
    private static final float[] DATA = new SyntheticVectors(DIM, 40, 0.6f, 3).generate(N, 0);
    private static final KMeansParams PARAMS = new KMeansParams(10, 1, 7, 2, 256);

    private static double reconstructionError(ProductQuantizer pq) {
        double err = 0;
        float[] v = new float[DIM];
        for (int i = 0; i < N; i++) {
            System.arraycopy(DATA, i * DIM, v, 0, DIM);
            float[] back = pq.decode(pq.encode(v));
            for (int t = 0; t < DIM; t++) {
                err += (v[t] - back[t]) * (v[t] - back[t]);
            }
        }
        return err / N;
    }

    /** Invariant: more sub-quantizers (more bits per vector) never reconstruct worse on the training data. */
    @Test
    void reconstructionErrorFallsAsMGrows() {
        double e4 = reconstructionError(ProductQuantizer.train(DATA, N, DIM, 4, PARAMS));
        double e8 = reconstructionError(ProductQuantizer.train(DATA, N, DIM, 8, PARAMS));
        double e16 = reconstructionError(ProductQuantizer.train(DATA, N, DIM, 16, PARAMS));
        assertThat(e8).isLessThan(e4 * 0.95);
        assertThat(e16).isLessThan(e8 * 0.95);
        assertThat(e16).isLessThan(0.2); // unit vectors: 1.0 would be no information at all
    }

    @Test
    void adcScoreEqualsDotWithDecodedVector() {
        ProductQuantizer pq = ProductQuantizer.train(DATA, N, DIM, 8, PARAMS);
        float[] query = new SyntheticVectors(DIM, 40, 0.6f, 3).generate(1, 99);
        float[] table = pq.adcTable(query);
        assertThat(table).hasSize(8 * 256);
        float[] v = new float[DIM];
        for (int i = 0; i < 200; i++) {
            System.arraycopy(DATA, i * DIM, v, 0, DIM);
            byte[] code = pq.encode(v);
            float expected = ScalarKernels.dot(query, 0, pq.decode(code), 0, DIM);
            assertThat(pq.adcScore(code, table)).isCloseTo(expected, within(1e-5f));
        }
        assertThat(pq.adcTable(query)).containsExactly(pq.adcTableScalar(query), within(1e-5f));
    }

    @Test
    void roundTripsThroughItsCodebooks() {
        ProductQuantizer pq = ProductQuantizer.train(DATA, N, DIM, 8, PARAMS);
        ProductQuantizer copy = new ProductQuantizer(pq.dimension(), pq.subQuantizers(), pq.codebooks());
        float[] v = new float[DIM];
        System.arraycopy(DATA, 5 * DIM, v, 0, DIM);
        assertThat(copy.encode(v)).isEqualTo(pq.encode(v));
    }

    /** IVF-PQ's score is the query's dot product with centroid + decoded residual. */
    @Test
    void ivfPqScoreEqualsDotWithDecodedVector() {
        IvfPq ivf = IvfPq.train(DATA, N, DIM, 16, 8, PARAMS);
        float[] query = new SyntheticVectors(DIM, 40, 0.6f, 3).generate(1, 98);
        IvfPq.QueryTables tables = ivf.queryTables(query);
        float[] v = new float[DIM];
        for (int i = 0; i < 100; i++) {
            System.arraycopy(DATA, i * DIM, v, 0, DIM);
            IvfPq.Code code = ivf.encode(v);
            assertThat(code.cell()).isEqualTo(ivf.coarse().assign(v));
            float expected = ScalarKernels.dot(query, 0, ivf.decode(code), 0, DIM);
            assertThat(tables.score(code.cell(), code.code(), 0, 8)).isCloseTo(expected, within(1e-5f));
        }
        int[] all = ivf.coarse().nearestCells(query, 16);
        assertThat(all).doesNotHaveDuplicates().hasSize(16);
        assertThat(ivf.coarse().nearestCells(query, 1)[0])
                .isEqualTo(ivf.coarse().assign(query))
                .isEqualTo(all[0]);
        // The probe from the tables' inner products picks the same cells in the same order.
        assertThat(ivf.probe(tables, 16)).containsExactly(all);
        assertThat(ivf.probe(tables, 1000)).hasSize(16).startsWith(all);
    }
}
