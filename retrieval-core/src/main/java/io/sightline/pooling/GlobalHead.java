package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the feature maps of one image (one or more layers) into a global descriptor, not necessarily
 * normalised. Single-layer {@link PoolingHead}s fit through {@link #of(String, PoolingHead)}.
 */
public interface GlobalHead {

    /** Short name for model versions; names every setting that changes the vectors. */
    String name();

    /** Layers this head reads; the backbone must return all of them. */
    List<String> layers();

    float[] describe(Map<String, FeatureMap> maps);

    static GlobalHead of(String layer, PoolingHead head) {
        return new SingleLayerHead(layer, head);
    }
}
