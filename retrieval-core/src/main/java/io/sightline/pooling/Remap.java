package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;
import io.sightline.whitening.Whitening;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * REMAP (Husain and Bober, "REMAP: Multi-layer entropy-guided pooling of dense CNN features", 2017): R-MAC
 * regions max-pooled on several layers; each L2-normalised region vector weighted by its (layer, level) weight,
 * summed per layer and L2-normalised; the layer blocks scaled by their layer weight and concatenated; then
 * optional whitening and L2. The weights come from {@link RemapWeightLearner} (KL information gain).
 */
public final class Remap implements GlobalHead {

    private final List<String> layers;
    private final int levels;
    private final RemapWeights weights;
    private final Optional<Whitening> whitening;

    public Remap(List<String> layers, int levels, RemapWeights weights, Optional<Whitening> whitening) {
        if (layers.isEmpty() || levels <= 0) {
            throw new IllegalArgumentException("REMAP needs layers and a positive level count");
        }
        for (String layer : layers) {
            if (!weights.levelWeights().containsKey(layer)
                    || weights.levelWeights().get(layer).length < levels + 1) {
                throw new IllegalArgumentException(
                        "weights miss layer " + layer + " or some of its " + levels + " levels");
            }
        }
        this.layers = List.copyOf(layers);
        this.levels = levels;
        this.weights = weights;
        this.whitening = whitening;
    }

    @Override
    public String name() {
        return "remap-l" + levels + "-" + String.join("+", layers)
                + whitening.map(w -> "+" + w.name()).orElse("");
    }

    @Override
    public List<String> layers() {
        return layers;
    }

    public RemapWeights weights() {
        return weights;
    }

    @Override
    public float[] describe(Map<String, FeatureMap> maps) {
        Map<String, RegionVectors> regions = new HashMap<>();
        for (String layer : layers) {
            FeatureMap map = maps.get(layer);
            if (map == null) {
                throw new IllegalArgumentException("REMAP needs layer '" + layer + "'; got " + maps.keySet());
            }
            regions.put(layer, RegionVectors.of(map, levels));
        }
        return aggregate(regions);
    }

    /** The concatenated, weighted layer blocks before whitening; what whitening is learned from. */
    public float[] concatenate(Map<String, RegionVectors> regions) {
        List<float[]> blocks = new ArrayList<>(layers.size());
        int dim = 0;
        for (String layer : layers) {
            float[] block = layerBlock(layer, regions.get(layer));
            blocks.add(block);
            dim += block.length;
        }
        float[] out = new float[dim];
        int at = 0;
        for (float[] b : blocks) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    public float[] aggregate(Map<String, RegionVectors> regions) {
        float[] concat = concatenate(regions);
        return Vectors.l2normalize(whitening.map(w -> w.apply(concat)).orElse(concat));
    }

    private float[] layerBlock(String layer, RegionVectors rv) {
        if (rv == null) {
            throw new IllegalArgumentException("no region vectors for layer " + layer);
        }
        float[] sum = new float[rv.dimension()];
        for (int i = 0; i < rv.vectors().size(); i++) {
            if (rv.levels()[i] > levels) {
                continue;
            }
            float w = (float) weights.levelWeight(layer, rv.levels()[i]);
            float[] v = rv.vectors().get(i);
            for (int c = 0; c < sum.length; c++) {
                sum[c] += w * v[c];
            }
        }
        Vectors.l2normalize(sum);
        float lw = (float) weights.layerWeight(layer);
        for (int c = 0; c < sum.length; c++) {
            sum[c] *= lw;
        }
        return sum;
    }
}
