package io.sightline.trainer.training;

/** A normalised image, channel-major ({@code [3, height, width]}), ready for the backbone. */
public record ImageTensor(float[] chw, int height, int width) {
    public ImageTensor {
        if (chw.length != 3 * height * width) {
            throw new IllegalArgumentException(chw.length + " values for a 3x" + height + "x" + width + " image");
        }
    }
}
