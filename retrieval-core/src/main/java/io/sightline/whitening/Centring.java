package io.sightline.whitening;

import java.util.List;
import java.util.Locale;

/**
 * Centring: subtract the mean descriptor of a photo collection before the final L2. Off-the-shelf CNN descriptors
 * share a large common component (every photo scores above 0.8 against every other), which crowds true matches
 * into a narrow band of cosines; removing it spreads them, helps ranking and makes similarities readable. The mean
 * is learned without labels and, measured on the leave-one-out protocol with landmark splits, transfers to
 * landmarks it was not learned on (docs/decisions/027). Stored like any whitening ({@link WhiteningFile}).
 */
public final class Centring {

    private Centring() {}

    /** The mean of unit descriptors. */
    public static float[] mean(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no vectors to learn a mean from");
        }
        double[] acc = new double[vectors.getFirst().length];
        for (float[] v : vectors) {
            if (v.length != acc.length) {
                throw new IllegalArgumentException("dimension mismatch: " + acc.length + " vs " + v.length);
            }
            for (int i = 0; i < acc.length; i++) {
                acc[i] += v[i];
            }
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) (acc[i] / vectors.size());
        }
        return out;
    }

    /** {@code x - mean} as a {@link Whitening} (identity projection), named for model versions by a checksum. */
    public static Whitening of(float[] mean) {
        int d = mean.length;
        float[] identity = new float[d * d];
        for (int i = 0; i < d; i++) {
            identity[i * d + i] = 1f;
        }
        return new Whitening(
                mean, identity, d, String.format(Locale.ROOT, "centre%08x", java.util.Arrays.hashCode(mean)));
    }
}
