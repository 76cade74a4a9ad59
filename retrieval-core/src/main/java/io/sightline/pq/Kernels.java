package io.sightline.pq;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hot loops, vectorised with the JDK Vector API. Centroid blocks are transposed (dimension-major) so that
 * the inner products of one vector with many centroids are FMAs over contiguous lanes of centroids, with the
 * accumulators kept in registers for a whole block; this is the step that dominates k-means, encoding and the
 * ADC table build.
 */
public final class Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final jdk.incubator.vector.VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;

    private Kernels() {}

    public static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= len; i += 2 * L) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), acc1);
        }
        for (; i + L <= len; i += L) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** {@code out[outOff + c] = sum_t x[xOff + t] * ct[ctOff + t * k + c]} for {@code c < k}. */
    public static void dotsTransposed(
            float[] x, int xOff, int d, float[] ct, int ctOff, int k, float[] out, int outOff) {
        int c = 0;
        for (; c + 4 * L <= k; c += 4 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int row = ctOff + c;
            for (int t = 0; t < d; t++, row += k) {
                FloatVector xt = FloatVector.broadcast(S, x[xOff + t]);
                a0 = FloatVector.fromArray(S, ct, row).fma(xt, a0);
                a1 = FloatVector.fromArray(S, ct, row + L).fma(xt, a1);
                a2 = FloatVector.fromArray(S, ct, row + 2 * L).fma(xt, a2);
                a3 = FloatVector.fromArray(S, ct, row + 3 * L).fma(xt, a3);
            }
            a0.intoArray(out, outOff + c);
            a1.intoArray(out, outOff + c + L);
            a2.intoArray(out, outOff + c + 2 * L);
            a3.intoArray(out, outOff + c + 3 * L);
        }
        for (; c + L <= k; c += L) {
            FloatVector a0 = FloatVector.zero(S);
            int row = ctOff + c;
            for (int t = 0; t < d; t++, row += k) {
                a0 = FloatVector.fromArray(S, ct, row).fma(FloatVector.broadcast(S, x[xOff + t]), a0);
            }
            a0.intoArray(out, outOff + c);
        }
        for (; c < k; c++) {
            float s = 0;
            for (int t = 0; t < d; t++) {
                s += x[xOff + t] * ct[ctOff + t * k + c];
            }
            out[outOff + c] = s;
        }
    }

    /**
     * Index of the largest {@code a[c] - b[c]} for {@code c < k}, the first one on ties: the nearest-centroid
     * step after {@link #dotsTransposed} (b = half squared norms). Lane-wise maxima with their indices, then a
     * reduction, instead of a branchy scalar loop over every centroid.
     */
    public static int argmaxDiff(float[] a, float[] b, int k) {
        int c = 0;
        int best = -1;
        float bestVal = Float.NEGATIVE_INFINITY;
        if (k >= L && SI.length() == L) {
            FloatVector bestV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            IntVector bestI = IntVector.zero(SI);
            IntVector idx = IntVector.zero(SI).addIndex(1);
            IntVector step = IntVector.broadcast(SI, L);
            for (; c + L <= k; c += L) {
                FloatVector v = FloatVector.fromArray(S, a, c).sub(FloatVector.fromArray(S, b, c));
                VectorMask<Float> gt = v.compare(VectorOperators.GT, bestV);
                bestV = bestV.blend(v, gt);
                bestI = bestI.blend(idx, gt.cast(SI));
                idx = idx.add(step);
            }
            float[] vals = bestV.toArray();
            int[] idxs = bestI.toArray();
            for (int lane = 0; lane < L; lane++) {
                if (vals[lane] > bestVal || (vals[lane] == bestVal && idxs[lane] < best)) {
                    bestVal = vals[lane];
                    best = idxs[lane];
                }
            }
        }
        for (; c < k; c++) {
            float v = a[c] - b[c];
            if (v > bestVal) {
                bestVal = v;
                best = c;
            }
        }
        return best < 0 ? 0 : best;
    }

    /** {@code y[yOff + i] += a * x[xOff + i]} for {@code i < len}. */
    public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len) {
        FloatVector av = FloatVector.broadcast(S, a);
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector.fromArray(S, x, xOff + i)
                    .fma(av, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }
}
