package io.sightline.trainer.cleaning;

/**
 * Knobs of the cleaning.
 *
 * @param detector local features: SIFT (more distinctive, slower) or SURF
 * @param longestSide images are downscaled so their longest side is this many pixels before feature detection
 * @param maxFeatures strongest SURF points kept per image
 * @param ratio Lowe's ratio test: a match is kept when best distance &lt; ratio x second best
 * @param ransacIterations RANSAC iterations of the homography fit
 * @param inlierPixels reprojection error (pixels of the downscaled image) under which a match is an inlier
 * @param minInliers a pair is verified (an edge of the graph) when its homography has at least this many inliers
 * @param threads worker threads for feature extraction and pair matching
 * @param seed RANSAC seed, so that a run is reproducible
 */
public record CleaningParams(
        Detector detector,
        int longestSide,
        int maxFeatures,
        double ratio,
        int ransacIterations,
        double inlierPixels,
        int minInliers,
        int threads,
        long seed) {

    /** The local features BoofCV detects and describes. */
    public enum Detector {
        SIFT,
        SURF
    }

    public CleaningParams {
        if (detector == null) {
            throw new IllegalArgumentException("detector must be SIFT or SURF");
        }
        if (longestSide < 64) {
            throw new IllegalArgumentException("longestSide must be >= 64: " + longestSide);
        }
        if (maxFeatures < 8) {
            throw new IllegalArgumentException("maxFeatures must be >= 8: " + maxFeatures);
        }
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in (0, 1]: " + ratio);
        }
        if (ransacIterations < 1 || !(inlierPixels > 0) || minInliers < 4 || threads < 1) {
            throw new IllegalArgumentException("bad cleaning parameters: " + ransacIterations + " iterations, "
                    + inlierPixels + " px, " + minInliers + " min inliers, " + threads + " threads");
        }
    }

    /** The defaults, with one thread per core. */
    public static CleaningParams defaults() {
        return new CleaningParams(
                Detector.SURF,
                640,
                1000,
                0.85,
                1000,
                3.0,
                8,
                Runtime.getRuntime().availableProcessors(),
                42L);
    }

    public CleaningParams withThreads(int n) {
        return new CleaningParams(
                detector, longestSide, maxFeatures, ratio, ransacIterations, inlierPixels, minInliers, n, seed);
    }
}
