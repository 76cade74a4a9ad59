package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Adapts a {@link PoolingHead} over one named layer to {@link GlobalHead}. */
public record SingleLayerHead(String layer, PoolingHead head) implements GlobalHead {

    public SingleLayerHead {
        Objects.requireNonNull(layer);
        Objects.requireNonNull(head);
    }

    @Override
    public String name() {
        return layer + "/" + head.name();
    }

    @Override
    public List<String> layers() {
        return List.of(layer);
    }

    @Override
    public float[] describe(Map<String, FeatureMap> maps) {
        FeatureMap map = maps.get(layer);
        if (map == null) {
            throw new IllegalArgumentException("no '" + layer + "' map among " + maps.keySet());
        }
        return head.pool(map);
    }
}
