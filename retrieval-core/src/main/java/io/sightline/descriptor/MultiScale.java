package io.sightline.descriptor;

import io.sightline.pooling.Vectors;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Scales at which an image is described, as factors of the configured longest side, and how the per-scale
 * unit descriptors are combined: {@code power = 1} is their sum; other powers a sign-preserving generalized
 * mean {@code (mean(sign(x)|x|^p))^(1/p)}, which leans towards the scale with the strongest response. The
 * combination is not normalised; the extractor whitens (optionally) and L2-normalises after it.
 */
public record MultiScale(List<Double> factors, double power) {

    public MultiScale {
        if (factors.isEmpty() || factors.stream().anyMatch(f -> !(f > 0)) || !(power > 0)) {
            throw new IllegalArgumentException("need positive scale factors and power: " + factors + ", " + power);
        }
        factors = List.copyOf(factors);
    }

    public static MultiScale single() {
        return new MultiScale(List.of(1.0), 1);
    }

    /** The usual {1, 1/sqrt 2, sqrt 2} pyramid (e.g. 512, 362, 724 px), summed. */
    public static MultiScale sqrt2(double power) {
        return new MultiScale(List.of(1.0, Math.sqrt(0.5), Math.sqrt(2)), power);
    }

    public boolean isSingle() {
        return factors.size() == 1 && factors.getFirst() == 1.0;
    }

    public float[] combine(List<float[]> perScale) {
        if (perScale.size() != factors.size()) {
            throw new IllegalArgumentException(perScale.size() + " descriptors for " + factors.size() + " scales");
        }
        int d = perScale.getFirst().length;
        double[] acc = new double[d];
        for (float[] v : perScale) {
            if (v.length != d) {
                throw new IllegalArgumentException("dimension mismatch across scales: " + d + " vs " + v.length);
            }
            for (int i = 0; i < d; i++) {
                acc[i] += power == 1 ? v[i] : Math.signum(v[i]) * Math.pow(Math.abs(v[i]), power);
            }
        }
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            double m = acc[i] / perScale.size();
            out[i] = (float) (power == 1 ? acc[i] : Math.signum(m) * Math.pow(Math.abs(m), 1.0 / power));
        }
        return out;
    }

    /** The combined descriptor, L2-normalised: the common case without whitening. */
    public float[] combineNormalised(List<float[]> perScale) {
        return Vectors.l2normalize(combine(perScale));
    }

    /** Suffix for model versions; empty for a single scale so existing versions stay unchanged. */
    public String tag() {
        if (isSingle()) {
            return "";
        }
        return "/ms"
                + factors.stream()
                        .map(f -> String.format(java.util.Locale.ROOT, "%.3f", f))
                        .collect(Collectors.joining(","))
                + (power == 1 ? "" : "-gm" + power);
    }
}
