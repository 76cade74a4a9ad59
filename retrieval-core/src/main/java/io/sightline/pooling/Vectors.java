package io.sightline.pooling;

/** Small dense-vector helpers. */
public final class Vectors {

    private Vectors() {}

    /** Scales {@code v} in place to unit L2 norm (a zero vector stays zero) and returns it. */
    public static float[] l2normalize(float[] v) {
        double n = norm(v);
        if (n > 0) {
            float inv = (float) (1.0 / n);
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    public static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** {@code acc += v}. */
    public static void addTo(float[] acc, float[] v) {
        if (acc.length != v.length) {
            throw new IllegalArgumentException("dimension mismatch: " + acc.length + " vs " + v.length);
        }
        for (int i = 0; i < acc.length; i++) {
            acc[i] += v[i];
        }
    }
}
