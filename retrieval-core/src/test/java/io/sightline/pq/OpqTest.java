package io.sightline.pq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OPQ's invariants: the learned rotation is orthogonal; on vectors whose energy is unevenly spread over correlated
 * coordinates (the case OPQ is for) it quantizes with clearly less error than plain PQ of the same size; ADC with
 * the rotation still equals the inner product with the decoded vector (decode rotates back); and a quantizer
 * rebuilt from its codebooks and rotation encodes the same codes.
 */
class OpqTest {
    private static final int DIM = 32;
    private static final int M = 8;
    private static final int N = 4000;
    private static final KMeansParams PARAMS = new KMeansParams(10, 1, 5, 2, 256);
    private static float[] data;
    private static ProductQuantizer opq;
    private static ProductQuantizer plain;

    /** Gaussian coordinates with fast-decaying variances, mixed by a random orthogonal matrix. */
    @BeforeAll
    static void setUp() {
        Random random = new Random(3);
        float[] mix = randomOrthogonal(random);
        data = new float[N * DIM];
        float[] z = new float[DIM];
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < DIM; t++) {
                z[t] = (float) (random.nextGaussian() * Math.pow(0.8, t));
            }
            Kernels.dotsTransposed(z, 0, DIM, mix, 0, DIM, data, i * DIM);
        }
        opq = Opq.train(data, N, DIM, M, PARAMS, 6);
        plain = ProductQuantizer.train(data, N, DIM, M, PARAMS);
    }

    private static float[] randomOrthogonal(Random random) {
        float[] q = new float[DIM * DIM];
        for (int i = 0; i < DIM; i++) {
            for (int t = 0; t < DIM; t++) {
                q[i * DIM + t] = (float) random.nextGaussian();
            }
            for (int p = 0; p < i; p++) { // Gram-Schmidt against the earlier rows
                float d = Kernels.dot(q, i * DIM, q, p * DIM, DIM);
                Kernels.axpy(-d, q, p * DIM, q, i * DIM, DIM);
            }
            float norm = (float) Math.sqrt(Kernels.dot(q, i * DIM, q, i * DIM, DIM));
            for (int t = 0; t < DIM; t++) {
                q[i * DIM + t] /= norm;
            }
        }
        return q;
    }

    @Test
    void rotationIsOrthogonal() {
        float[] r = opq.rotation();
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                assertThat(Kernels.dot(r, i * DIM, r, j * DIM, DIM))
                        .as("row %d . row %d", i, j)
                        .isCloseTo(i == j ? 1f : 0f, within(1e-4f));
            }
        }
        assertThat(plain.rotation()).isNull();
    }

    @Test
    void quantizesCorrelatedVectorsWithLessErrorThanPlainPq() {
        double opqError = Opq.quantizationError(opq, data, N, DIM);
        double plainError = Opq.quantizationError(plain, data, N, DIM);
        assertThat(opqError).as("OPQ %f vs PQ %f", opqError, plainError).isLessThan(0.8 * plainError);
    }

    @Test
    void adcWithTheRotationIsTheInnerProductWithTheDecodedVector() {
        Random random = new Random(9);
        for (int q = 0; q < 5; q++) {
            float[] query = new float[DIM];
            for (int t = 0; t < DIM; t++) {
                query[t] = (float) random.nextGaussian();
            }
            float[] table = opq.adcTable(query);
            byte[] code = opq.encode(java.util.Arrays.copyOfRange(data, q * DIM, (q + 1) * DIM));
            assertThat(opq.adcScore(code, table))
                    .isCloseTo(Kernels.dot(query, 0, opq.decode(code), 0, DIM), within(1e-3f));
        }
    }

    @Test
    void rebuiltFromCodebooksAndRotationEncodesTheSame() {
        ProductQuantizer rebuilt = new ProductQuantizer(DIM, M, opq.codebooks(), opq.rotation());
        for (int i = 0; i < 50; i++) {
            float[] v = java.util.Arrays.copyOfRange(data, i * DIM, (i + 1) * DIM);
            assertThat(rebuilt.encode(v)).containsExactly(opq.encode(v));
        }
    }
}
