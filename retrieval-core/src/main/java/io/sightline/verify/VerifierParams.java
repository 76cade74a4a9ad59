package io.sightline.verify;

/**
 * Settings of {@link GeometricVerifier}.
 *
 * @param ratio           Lowe's ratio: a match is kept when its distance is below {@code ratio} times the second
 *                        best (applied in both directions, with mutual nearest neighbours)
 * @param model           the geometric model RANSAC fits
 * @param iterations      RANSAC iterations
 * @param tolerance       inlier distance in the second image, as a fraction of that image's longest side (the
 *                        extractors work at different resolutions, so pixels of the original would not transfer)
 * @param seed            RANSAC's random seed: the same inputs give the same result
 */
public record VerifierParams(double ratio, Model model, int iterations, double tolerance, long seed) {

    /** The model RANSAC fits between the two images' keypoints. */
    public enum Model {
        /** 6 degrees of freedom, 3 points per sample: DELF's choice, robust with coarse (grid) keypoints. */
        AFFINE(3),
        /** 8 degrees of freedom, 4 points per sample: the trainer's cleaning (docs/decisions/008). */
        HOMOGRAPHY(4);

        private final int sample;

        Model(int sample) {
            this.sample = sample;
        }

        /** Points in one RANSAC sample; fewer matches than this cannot be verified. */
        public int sample() {
            return sample;
        }
    }

    public VerifierParams {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in (0, 1]: " + ratio);
        }
        if (iterations <= 0 || !(tolerance > 0)) {
            throw new IllegalArgumentException(
                    "iterations and tolerance must be positive: " + iterations + ", " + tolerance);
        }
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
    }

    /** Defaults for SURF keypoints: 3 px at the detector's 640 px ({@code 3/640}), homography, ratio 0.85. */
    public static VerifierParams surf() {
        return new VerifierParams(0.85, Model.HOMOGRAPHY, 1000, 3.0 / 640, 42);
    }

    /**
     * Defaults for backbone-cell keypoints of stride {@code stride} at {@code longestSide}: one cell, affine, mutual
     * nearest neighbours without a ratio test (neighbouring cells of a facade look alike, so a ratio test keeps
     * almost nothing; DELF has none either).
     */
    public static VerifierParams cells(int stride, int longestSide) {
        return new VerifierParams(1.0, Model.AFFINE, 1000, (double) stride / longestSide, 42);
    }

    public VerifierParams withTolerance(double t) {
        return new VerifierParams(ratio, model, iterations, t, seed);
    }

    public VerifierParams withModel(Model m) {
        return new VerifierParams(ratio, m, iterations, tolerance, seed);
    }

    public VerifierParams withRatio(double r) {
        return new VerifierParams(r, model, iterations, tolerance, seed);
    }
}
