package io.sightline.trainer.cleaning;

/**
 * The outcome of geometric verification of two images: the inliers of the best homography, as source-pixel
 * coordinates in each image (interleaved x, y), in the same order.
 */
public record PairMatch(int tentative, double[] inliersA, double[] inliersB) {
    public static final PairMatch NONE = new PairMatch(0, new double[0], new double[0]);

    public int inliers() {
        return inliersA.length / 2;
    }
}
