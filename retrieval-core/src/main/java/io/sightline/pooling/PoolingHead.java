package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;

/** Turns one feature map into a global descriptor (not necessarily normalised). */
public interface PoolingHead {

    /** Short name used in model versions, e.g. {@code rmac-l3}. */
    String name();

    float[] pool(FeatureMap map);
}
