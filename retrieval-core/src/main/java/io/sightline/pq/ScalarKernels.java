package io.sightline.pq;

/** Plain-Java reference of {@link Kernels}: the tests check the vectorised kernels against these. */
public final class ScalarKernels {
    private ScalarKernels() {}

    public static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s = 0;
        for (int i = 0; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** {@code out[outOff + c] = sum_t x[xOff + t] * ct[ctOff + t * k + c]} for {@code c < k}. */
    public static void dotsTransposed(
            float[] x, int xOff, int d, float[] ct, int ctOff, int k, float[] out, int outOff) {
        for (int c = 0; c < k; c++) {
            float s = 0;
            for (int t = 0; t < d; t++) {
                s += x[xOff + t] * ct[ctOff + t * k + c];
            }
            out[outOff + c] = s;
        }
    }

    /** ADC score: sum of {@code table[j * 256 + code[j]]} over the sub-quantizers. */
    public static float adcScore(byte[] code, int codeOff, int m, float[] table) {
        float s = 0;
        for (int j = 0; j < m; j++) {
            s += table[(j << 8) + (code[codeOff + j] & 0xFF)];
        }
        return s;
    }

    public static void adcScan(byte[] codes, int first, int count, int m, float[] table, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = adcScore(codes, (first + i) * m, m, table);
        }
    }

    public static int argmaxDiff(float[] a, float[] b, int k) {
        int best = 0;
        float bestVal = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float v = a[c] - b[c];
            if (v > bestVal) {
                bestVal = v;
                best = c;
            }
        }
        return best;
    }
}
