package io.sightline.verify;

import java.util.Arrays;

/**
 * The local features of one image: up to a few thousand keypoints with their positions in the ORIGINAL (decoded)
 * image's pixels (pixel-index convention: the centre of the top-left pixel is (0, 0)), an optional scale (radius in
 * original pixels) and an int8 descriptor each. Immutable: arrays are copied in and out. {@link #toBytes()} is a
 * compact binary form for an Avro bytes field or a Lucene stored field.
 *
 * @param imageWidth  width of the original image in pixels
 * @param imageHeight height of the original image in pixels
 * @param dimension   descriptor length
 * @param xy          interleaved x, y per keypoint (length 2n)
 * @param scales      radius per keypoint in original pixels (length n), or empty when the extractor has none
 * @param codes       int8 descriptor codes, keypoint after keypoint (length n * dimension)
 */
public record LocalFeatures(int imageWidth, int imageHeight, int dimension, float[] xy, float[] scales, byte[] codes) {

    public LocalFeatures {
        if (imageWidth <= 0 || imageHeight <= 0 || dimension <= 0) {
            throw new IllegalArgumentException("image size and dimension must be positive: " + imageWidth + "x"
                    + imageHeight + ", dimension " + dimension);
        }
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("xy must hold x, y pairs: length " + xy.length);
        }
        int n = xy.length / 2;
        if (scales.length != 0 && scales.length != n) {
            throw new IllegalArgumentException(n + " keypoints but " + scales.length + " scales");
        }
        if (codes.length != n * dimension) {
            throw new IllegalArgumentException(n + " keypoints of dimension " + dimension + " need " + n * dimension
                    + " codes, got " + codes.length);
        }
        xy = xy.clone();
        scales = scales.clone();
        codes = codes.clone();
    }

    /** No keypoints (e.g. a blank image). */
    public static LocalFeatures empty(int imageWidth, int imageHeight, int dimension) {
        return new LocalFeatures(imageWidth, imageHeight, dimension, new float[0], new float[0], new byte[0]);
    }

    public int size() {
        return xy.length / 2;
    }

    public float x(int i) {
        return xy[2 * i];
    }

    public float y(int i) {
        return xy[2 * i + 1];
    }

    public boolean hasScales() {
        return scales.length > 0;
    }

    /** The unit-length descriptor of keypoint {@code i}, decoded from its int8 codes into {@code out}. */
    public void descriptor(int i, float[] out) {
        if (out.length != dimension) {
            throw new IllegalArgumentException("buffer of " + out.length + " for dimension " + dimension);
        }
        DescriptorCodes.decodeUnit(codes, i * dimension, out);
    }

    /** The longer side of the original image: verification measures tolerances relative to it. */
    public int longestSide() {
        return Math.max(imageWidth, imageHeight);
    }

    @Override
    public float[] xy() {
        return xy.clone();
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public byte[] codes() {
        return codes.clone();
    }

    /**
     * The same keypoints in the frame of the same image at another size (e.g. the source image, when the
     * features were extracted from a decode downscaled by the JPEG decoder); scales follow the width ratio.
     */
    public LocalFeatures rescaledTo(int width, int height) {
        if (width == imageWidth && height == imageHeight) {
            return this;
        }
        double sx = (double) width / imageWidth;
        double sy = (double) height / imageHeight;
        float[] moved = new float[xy.length];
        for (int i = 0; i < moved.length; i += 2) {
            // Pixel-index convention: the centre of pixel 0 is 0, so scale about -0.5.
            moved[i] = (float) ((xy[i] + 0.5) * sx - 0.5);
            moved[i + 1] = (float) ((xy[i + 1] + 0.5) * sy - 0.5);
        }
        float[] radii = new float[scales.length];
        for (int i = 0; i < radii.length; i++) {
            radii[i] = (float) (scales[i] * sx);
        }
        return new LocalFeatures(width, height, dimension, moved, radii, codes);
    }

    /** The compact binary form (see {@link LocalFeaturesFormat}). */
    public byte[] toBytes() {
        return LocalFeaturesFormat.write(this);
    }

    /** Reads {@link #toBytes()}; a truncated or foreign array is an {@link IllegalArgumentException}. */
    public static LocalFeatures fromBytes(byte[] bytes) {
        return LocalFeaturesFormat.read(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalFeatures f
                && imageWidth == f.imageWidth
                && imageHeight == f.imageHeight
                && dimension == f.dimension
                && Arrays.equals(xy, f.xy)
                && Arrays.equals(scales, f.scales)
                && Arrays.equals(codes, f.codes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(xy) + Arrays.hashCode(codes)) + dimension) + imageWidth;
    }

    @Override
    public String toString() {
        return "LocalFeatures[" + size() + " keypoints, dim " + dimension + ", image " + imageWidth + "x" + imageHeight
                + (hasScales() ? ", scales" : "") + "]";
    }
}
