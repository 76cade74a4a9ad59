package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Regional MAC (Tolias et al., ICLR 2016): per region of {@link RegionGrid#tolias} a per-channel max, each
 * region vector L2-normalised, optionally transformed (the hook for per-region PCA whitening), summed over
 * regions and L2-normalised.
 */
public final class RMac implements PoolingHead {

    private final int levels;
    private final UnaryOperator<float[]> regionTransform;
    private final String suffix;

    public RMac(int levels) {
        this(levels, UnaryOperator.identity(), "");
    }

    /**
     * @param regionTransform applied to each L2-normalised region vector before summing (e.g. PCA whitening
     *                        followed by L2); may change the dimension
     * @param nameSuffix      appended to the name so model versions tell whitened and plain heads apart
     */
    public RMac(int levels, UnaryOperator<float[]> regionTransform, String nameSuffix) {
        if (levels <= 0) {
            throw new IllegalArgumentException("levels must be positive: " + levels);
        }
        this.levels = levels;
        this.regionTransform = Objects.requireNonNull(regionTransform);
        this.suffix = nameSuffix;
    }

    @Override
    public String name() {
        return "rmac-l" + levels + suffix;
    }

    @Override
    public float[] pool(FeatureMap map) {
        List<Region> regions = RegionGrid.tolias(map.height(), map.width(), levels);
        float[] sum = null;
        for (Region r : regions) {
            float[] v = regionTransform.apply(Vectors.l2normalize(Mac.regionMax(map, r)));
            if (sum == null) {
                sum = v.clone();
            } else {
                Vectors.addTo(sum, v);
            }
        }
        return Vectors.l2normalize(sum);
    }
}
