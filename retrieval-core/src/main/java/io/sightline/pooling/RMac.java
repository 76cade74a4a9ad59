package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;
import io.sightline.whitening.Whitening;
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

    /** R-MAC with per-region whitening learned from region vectors: whiten, then L2, before summing. */
    public static RMac whitened(int levels, Whitening whitening) {
        return new RMac(levels, v -> Vectors.l2normalize(whitening.apply(v)), "+" + whitening.name());
    }

    @Override
    public String name() {
        return "rmac-l" + levels + suffix;
    }

    @Override
    public float[] pool(FeatureMap map) {
        return aggregate(RegionVectors.of(map, levels));
    }

    public int levels() {
        return levels;
    }

    /** Transform each region vector, sum, L2: the part after region pooling, for callers that cache regions. */
    public float[] aggregate(RegionVectors regions) {
        float[] sum = null;
        for (float[] region : regions.vectors()) {
            float[] v = regionTransform.apply(region.clone());
            if (sum == null) {
                sum = v.clone();
            } else {
                Vectors.addTo(sum, v);
            }
        }
        return Vectors.l2normalize(sum);
    }
}
