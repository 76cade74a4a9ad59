package io.sightline.pq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API kernels against the scalar reference, on random inputs of awkward sizes (tails included). */
class KernelsTest {
    private final Random random = new Random(11);

    private float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    @Test
    void dotMatchesScalar() {
        for (int len : new int[] {1, 3, 8, 15, 16, 17, 31, 64, 100, 256, 1000}) {
            float[] a = random(len + 5);
            float[] b = random(len + 3);
            assertThat(Kernels.dot(a, 5, b, 3, len))
                    .as("len %d", len)
                    .isCloseTo(ScalarKernels.dot(a, 5, b, 3, len), within(1e-3f * (float) Math.sqrt(len)));
        }
    }

    @Test
    void dotsTransposedMatchesScalar() {
        for (int k : new int[] {1, 7, 16, 64, 65, 256, 300}) {
            for (int d : new int[] {1, 4, 8, 33}) {
                float[] x = random(d + 2);
                float[] ct = random(d * k + 9);
                float[] vec = new float[k + 1];
                float[] ref = new float[k + 1];
                Kernels.dotsTransposed(x, 2, d, ct, 9, k, vec, 1);
                ScalarKernels.dotsTransposed(x, 2, d, ct, 9, k, ref, 1);
                assertThat(vec).as("k %d d %d", k, d).containsExactly(ref, within(1e-4f * d));
            }
        }
    }

    @Test
    void argmaxDiffMatchesScalarIncludingTies() {
        for (int k : new int[] {1, 5, 8, 16, 17, 64, 256, 300}) {
            float[] a = random(k);
            float[] b = random(k);
            assertThat(Kernels.argmaxDiff(a, b, k)).as("k %d", k).isEqualTo(ScalarKernels.argmaxDiff(a, b, k));
            float[] flat = new float[k]; // all equal: the first index wins
            assertThat(Kernels.argmaxDiff(flat, flat, k)).isZero();
            if (k > 10) {
                a[3] = 100;
                a[k - 2] = 100;
                b[3] = 0;
                b[k - 2] = 0;
                assertThat(Kernels.argmaxDiff(a, b, k)).isEqualTo(3);
            }
        }
    }
}
