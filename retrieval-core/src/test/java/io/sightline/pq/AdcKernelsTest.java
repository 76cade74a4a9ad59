package io.sightline.pq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated ADC kernels against the scalar reference. Invariants: every width (unrolled or not) scores a code
 * as the plain sum of its table entries, up to float reassociation; a scan returns exactly the codes, in order,
 * whose score reaches the threshold, with those scores.
 */
class AdcKernelsTest {
    private static final int[] WIDTHS = {1, 3, 4, 8, 12, 13, 16, 32, 48, 64, 100, 128};

    private final Random random = new Random(23);

    private float[] table(int m) {
        float[] t = new float[m * 256];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) random.nextGaussian();
        }
        return t;
    }

    @Test
    void unrolledWidthsAreTheCommonCodeSizes() {
        for (int m : new int[] {8, 16, 32, 64, 128}) {
            assertThat(AdcKernels.unrolled(m)).as("m %d", m).isTrue();
        }
        assertThat(AdcKernels.unrolled(12)).isFalse();
    }

    @Test
    void scoreEqualsTheSumOfTableEntries() {
        for (int m : WIDTHS) {
            float[] table = table(m);
            byte[] codes = new byte[7 * m + 3];
            random.nextBytes(codes);
            for (int off : new int[] {0, 3, 2 * m + 3}) {
                assertThat(AdcKernels.score(codes, off, m, table))
                        .as("m %d off %d", m, off)
                        .isCloseTo(ScalarKernels.adcScore(codes, off, m, table), within(1e-4f * m));
            }
            assertThat(AdcKernels.scoreLoop(codes, 3, m, table))
                    .as("loop, m %d", m)
                    .isCloseTo(ScalarKernels.adcScore(codes, 3, m, table), within(1e-4f * m));
        }
    }

    @Test
    void everyByteValueReachesItsOwnTableEntry() {
        // One hot table: code byte b at sub-quantizer j must read exactly table[256 j + b], for every b (sign bit!).
        for (int m : WIDTHS) {
            byte[] code = new byte[m];
            for (int b = 0; b < 256; b++) {
                int j = b % m;
                code[j] = (byte) b;
                float[] table = new float[m * 256];
                table[256 * j + b] = 1;
                assertThat(AdcKernels.score(code, 0, m, table))
                        .as("m %d j %d b %d", m, j, b)
                        .isEqualTo(1f);
                code[j] = 0;
            }
        }
    }

    @Test
    void scanReturnsExactlyTheCodesAtOrAboveTheThreshold() {
        for (int m : WIDTHS) {
            float[] table = table(m);
            int n = 300;
            byte[] codes = new byte[n * m];
            random.nextBytes(codes);
            int first = 17;
            int count = 256;
            float[] scores = new float[count];
            for (int i = 0; i < count; i++) {
                scores[i] = AdcKernels.score(codes, (first + i) * m, m, table);
            }
            for (float threshold : new float[] {Float.NEGATIVE_INFINITY, 0f, scores[40], Float.POSITIVE_INFINITY}) {
                int[] hits = new int[count];
                float[] sims = new float[count];
                int found = AdcKernels.scanAbove(codes, first, count, m, table, threshold, hits, sims);
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (scores[i] >= threshold) {
                        expected.add(i);
                    }
                }
                assertThat(found).as("m %d threshold %f", m, threshold).isEqualTo(expected.size());
                for (int h = 0; h < found; h++) {
                    assertThat(hits[h]).isEqualTo(expected.get(h));
                    assertThat(sims[h]).isEqualTo(scores[hits[h]]);
                }
            }
        }
    }
}
