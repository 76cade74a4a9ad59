package io.sightline.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REMAP weights: per layer, one weight per region-grid level (index 0 = whole map, 1..L), and one weight per
 * layer block. Weighting by level rather than by region index keeps the weights meaningful for any aspect
 * ratio, where the number of regions per level changes.
 */
public record RemapWeights(Map<String, double[]> levelWeights, Map<String, Double> layerWeights) {

    public RemapWeights {
        if (!levelWeights.keySet().equals(layerWeights.keySet())) {
            throw new IllegalArgumentException(
                    "level weights for " + levelWeights.keySet() + " but layer weights for " + layerWeights.keySet());
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        levelWeights.forEach((k, v) -> copy.put(k, v.clone()));
        levelWeights = java.util.Collections.unmodifiableMap(copy);
        layerWeights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layerWeights));
    }

    /** All weights 1: plain multi-layer R-MAC. */
    public static RemapWeights uniform(List<String> layers, int levels) {
        Map<String, double[]> lw = new LinkedHashMap<>();
        Map<String, Double> bw = new LinkedHashMap<>();
        for (String layer : layers) {
            double[] w = new double[levels + 1];
            java.util.Arrays.fill(w, 1.0);
            lw.put(layer, w);
            bw.put(layer, 1.0);
        }
        return new RemapWeights(lw, bw);
    }

    public double levelWeight(String layer, int level) {
        double[] w = levelWeights.get(layer);
        if (w == null || level >= w.length) {
            throw new IllegalArgumentException("no weight for " + layer + " level " + level);
        }
        return w[level];
    }

    public double layerWeight(String layer) {
        return layerWeights.get(layer);
    }
}
