package io.sightline.backbone;

/**
 * One layer's activations for one image, channel-major (CHW): value (c, y, x) is at
 * {@code data[(c * height + y) * width + x]}.
 */
public record FeatureMap(String layer, int channels, int height, int width, float[] data) {
    public FeatureMap {
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("layer " + layer + ": " + data.length + " values for shape " + channels
                    + "x" + height + "x" + width);
        }
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }
}
