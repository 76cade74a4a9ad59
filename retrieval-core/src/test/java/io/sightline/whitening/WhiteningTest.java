package io.sightline.whitening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WhiteningTest {

    private final Random random = new Random(11);

    /** A correlated, shifted 2-D Gaussian: x = A z + m with A = [[3, 0], [2, 0.5]]. */
    private List<float[]> gaussian2d(int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double z1 = random.nextGaussian();
            double z2 = random.nextGaussian();
            out.add(new float[] {(float) (3 * z1 + 5), (float) (2 * z1 + 0.5 * z2 - 1)});
        }
        return out;
    }

    private static double[][] covariance(List<float[]> vs) {
        int d = vs.getFirst().length;
        double[] m = new double[d];
        for (float[] v : vs) {
            for (int i = 0; i < d; i++) {
                m[i] += v[i] / vs.size();
            }
        }
        double[][] c = new double[d][d];
        for (float[] v : vs) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += (v[i] - m[i]) * (v[j] - m[j]) / vs.size();
                }
            }
        }
        return c;
    }

    @Test
    void pcaWhiteningOfA2dGaussianGivesIdentityCovariance() {
        List<float[]> data = gaussian2d(20_000);
        Whitening w = new PcaWhiteningLearner(2, 0.5, 0).learn(data);
        double[][] c = covariance(data.stream().map(w::apply).toList());
        assertThat(c[0][0]).isCloseTo(1, within(1e-3));
        assertThat(c[1][1]).isCloseTo(1, within(1e-3));
        assertThat(c[0][1]).isCloseTo(0, within(1e-3));
        assertThat(w.mean()[0]).isCloseTo(5f, within(0.1f));
        assertThat(w.name()).isEqualTo("pcaw2");
    }

    @Test
    void reductionKeepsTheLeadingComponentAndShrinkageKeepsVarianceOrder() {
        List<float[]> data = gaussian2d(5_000);
        Whitening one = new PcaWhiteningLearner(1, 0.5, 0).learn(data);
        // Leading direction of A A^T = [[9, 6], [6, 4.25]] is about (0.83, 0.56).
        float[] row = one.projection();
        double norm = Math.hypot(row[0], row[1]);
        assertThat(Math.abs(row[0] / norm)).isCloseTo(0.83, within(0.01));
        assertThat(Math.abs(row[1] / norm)).isCloseTo(0.56, within(0.01));
        Whitening rotation = new PcaWhiteningLearner(2, 0.0, 0).learn(data);
        double[][] c = covariance(data.stream().map(rotation::apply).toList());
        assertThat(c[0][0]).isGreaterThan(c[1][1] * 10);
        assertThat(c[0][1]).isCloseTo(0, within(1e-2));
    }

    @Test
    void lwWhitensMatchingDifferencesAndSeparatesClasses() {
        // Two classes that differ along x; within a class the noise is strong along y and weak along x.
        List<float[]> vs = new ArrayList<>();
        List<LwWhiteningLearner.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            float cls = i % 2 == 0 ? -1f : 1f;
            vs.add(new float[] {cls + (float) (0.1 * random.nextGaussian()), (float) (5 * random.nextGaussian())});
            if (i >= 2) {
                pairs.add(new LwWhiteningLearner.Pair(i, i - 2));
            }
        }
        Whitening lw = new LwWhiteningLearner(1, 0).learn(vs, pairs);
        // The kept direction must be x (class axis), not y (largest raw variance, but intra-class).
        float[] p = lw.projection();
        assertThat(Math.abs(p[0])).isGreaterThan(20 * Math.abs(p[1]));
        // Matching differences have unit variance along every whitened axis.
        Whitening full = new LwWhiteningLearner(2, 0).learn(vs, pairs);
        List<float[]> diffs = pairs.stream()
                .map(pr -> {
                    float[] a = full.apply(vs.get(pr.first()));
                    float[] b = full.apply(vs.get(pr.second()));
                    return new float[] {a[0] - b[0], a[1] - b[1]};
                })
                .toList();
        double sxx = diffs.stream().mapToDouble(d -> d[0] * d[0]).average().orElseThrow();
        double syy = diffs.stream().mapToDouble(d -> d[1] * d[1]).average().orElseThrow();
        assertThat(sxx).isCloseTo(1, within(0.05));
        assertThat(syy).isCloseTo(1, within(0.05));
    }

    @Test
    void roundTripsThroughItsArraysAndRejectsWrongShapes() {
        Whitening w = new PcaWhiteningLearner(2, 0.5, 1e-3).learn(gaussian2d(100));
        Whitening copy = new Whitening(w.mean(), w.projection(), w.outputDimension(), w.name());
        assertThat(copy).isEqualTo(w);
        assertThat(copy.apply(new float[] {1, 2})).containsExactly(w.apply(new float[] {1, 2}));
        assertThat(Whitening.identity(3).apply(new float[] {1, 2, 3})).containsExactly(1f, 2f, 3f);
        assertThatThrownBy(() -> w.apply(new float[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Whitening(new float[2], new float[3], 2, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fewerSamplesThanDimensionsStillGiveAFiniteWhitening() {
        List<float[]> vs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            float[] v = new float[64];
            for (int j = 0; j < 64; j++) {
                v[j] = (float) random.nextGaussian();
            }
            vs.add(v);
        }
        Whitening w = PcaWhiteningLearner.full(32).learn(vs);
        for (float x : w.apply(vs.getFirst())) {
            assertThat(Float.isFinite(x)).isTrue();
        }
    }
}
