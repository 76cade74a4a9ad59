package io.sightline.verify;

import io.sightline.backbone.Backbone;
import io.sightline.backbone.ExtractionException;
import io.sightline.backbone.FeatureMap;
import io.sightline.image.Images;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * DELF-style local features from the retrieval backbone's own feature map (see {@link FeatureMapKeypoints}): resize
 * so the longest side is {@code longestSide}, run the backbone, keep the strongest cells of {@code layer}. When the
 * backbone already ran for the global descriptor, {@link FeatureMapKeypoints#select} on its maps costs no inference.
 * Thread-safe as the backbone is; the backbone belongs to the caller.
 */
public final class BackboneLocalFeatures implements LocalFeatureExtractor {

    private final Backbone backbone;
    private final String layer;
    private final int longestSide;
    private final int maxKeypoints;

    public BackboneLocalFeatures(Backbone backbone, String layer, int longestSide, int maxKeypoints) {
        if (!backbone.layers().contains(layer)) {
            throw new IllegalArgumentException("backbone " + backbone.id() + " does not return layer '" + layer
                    + "'; it returns " + backbone.layers());
        }
        if (longestSide <= 0 || maxKeypoints <= 0) {
            throw new IllegalArgumentException(
                    "longestSide and maxKeypoints must be positive: " + longestSide + ", " + maxKeypoints);
        }
        this.backbone = backbone;
        this.layer = layer;
        this.longestSide = longestSide;
        this.maxKeypoints = maxKeypoints;
    }

    @Override
    public String name() {
        return "cnn-" + layer + "-" + longestSide + "-n" + maxKeypoints;
    }

    @Override
    public LocalFeatures extract(BufferedImage decoded) throws ExtractionException {
        BufferedImage resized = Images.resizeLongestSide(decoded, longestSide);
        Map<String, FeatureMap> maps = backbone.extract(resized);
        FeatureMap map = maps.get(layer);
        if (map == null) {
            throw new ExtractionException("backbone " + backbone.id() + " returned no map '" + layer + "' for a "
                    + resized.getWidth() + "x" + resized.getHeight() + " input; got " + maps.keySet());
        }
        return FeatureMapKeypoints.select(
                map, resized.getWidth(), resized.getHeight(), decoded.getWidth(), decoded.getHeight(), maxKeypoints);
    }
}
