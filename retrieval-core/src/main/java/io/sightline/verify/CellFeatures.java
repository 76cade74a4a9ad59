package io.sightline.verify;

/**
 * Which backbone cells become an image's local features when the global descriptor is extracted
 * ({@link FeatureMapKeypoints#select} on the largest scale's maps, so no extra inference): the strongest
 * {@code maxKeypoints} cells of {@code layer}. docs/decisions/028 chose {@code features_13}, 300 cells.
 */
public record CellFeatures(String layer, int maxKeypoints) {

    public CellFeatures {
        if (layer == null || layer.isBlank() || maxKeypoints <= 0) {
            throw new IllegalArgumentException("need a layer and maxKeypoints > 0: " + layer + ", " + maxKeypoints);
        }
    }

    /** The choice of docs/decisions/028. */
    public static CellFeatures defaults() {
        return new CellFeatures("features_13", 300);
    }
}
