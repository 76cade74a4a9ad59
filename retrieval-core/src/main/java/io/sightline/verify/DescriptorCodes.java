package io.sightline.verify;

/**
 * Int8 codes of descriptor vectors: each vector is scaled so its largest magnitude becomes 127 and rounded. The
 * scale is not kept because matching only uses directions: decoding L2-normalises.
 */
final class DescriptorCodes {

    private DescriptorCodes() {}

    /** Writes the codes of {@code v} into {@code out[offset .. offset + v.length)}; a zero vector gives zeros. */
    static void encode(double[] v, byte[] out, int offset) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        double f = max > 0 ? 127.0 / max : 0;
        for (int i = 0; i < v.length; i++) {
            out[offset + i] = (byte) Math.max(-127, Math.min(127, Math.round(v[i] * f)));
        }
    }

    /** The unit vector of the codes at {@code offset} (all zeros when the codes are all zero). */
    static void decodeUnit(byte[] codes, int offset, float[] out) {
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = codes[offset + i];
            sum += out[i] * out[i];
        }
        float inv = sum > 0 ? (float) (1 / Math.sqrt(sum)) : 0f;
        for (int i = 0; i < out.length; i++) {
            out[i] *= inv;
        }
    }
}
