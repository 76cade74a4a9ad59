package io.sightline.verify;

import io.sightline.backbone.ExtractionException;
import java.awt.image.BufferedImage;

/** Detects and describes local features of a decoded image; coordinates come back in its own pixels. Thread-safe. */
public interface LocalFeatureExtractor {

    /** Short stable name naming every setting that changes the features, e.g. {@code surf-640-n1000}. */
    String name();

    LocalFeatures extract(BufferedImage decoded) throws ExtractionException;
}
