package io.sightline.pooling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns {@link RemapWeights} from labelled images: the weight of a (layer, level) is the KL information gain
 * ({@link PairSeparation}) of that level's descriptor (sum of its L2 region vectors, L2) between matching and
 * non-matching pairs; a layer's weight is the gain of its uniformly weighted R-MAC vector. Weights are scaled
 * so the largest is 1 within each layer (levels) and across layers (blocks), which leaves the ranking of
 * unwhitened vectors scale-free.
 */
public final class RemapWeightLearner {

    private static final Logger log = LoggerFactory.getLogger(RemapWeightLearner.class);

    private final List<String> layers;
    private final int levels;

    public RemapWeightLearner(List<String> layers, int levels) {
        this.layers = List.copyOf(layers);
        this.levels = levels;
    }

    /**
     * @param images region vectors per layer of each training image
     * @param labels the class of each image (e.g. its landmark); equal labels make matching pairs
     */
    public RemapWeights learn(List<Map<String, RegionVectors>> images, List<String> labels) {
        Map<String, double[]> levelWeights = new LinkedHashMap<>();
        Map<String, Double> layerWeights = new LinkedHashMap<>();
        for (String layer : layers) {
            double[] w = new double[levels + 1];
            for (int level = 0; level <= levels; level++) {
                List<float[]> vs = new ArrayList<>(images.size());
                for (Map<String, RegionVectors> img : images) {
                    vs.add(levelVector(img.get(layer), level));
                }
                w[level] = PairSeparation.of(vs, labels).informationGain();
            }
            levelWeights.put(layer, normaliseMax(w));
            RMac rmac = new RMac(levels);
            List<float[]> whole =
                    images.stream().map(img -> rmac.aggregate(img.get(layer))).toList();
            layerWeights.put(layer, PairSeparation.of(whole, labels).informationGain());
        }
        double maxLayer = layerWeights.values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(1);
        layerWeights.replaceAll((k, v) -> v / maxLayer);
        RemapWeights weights = new RemapWeights(levelWeights, layerWeights);
        levelWeights.forEach((layer, w) -> log.info(
                "remap weights layer={} levels={} block={}",
                layer,
                java.util.Arrays.toString(w),
                String.format("%.3f", layerWeights.get(layer))));
        return weights;
    }

    private static float[] levelVector(RegionVectors rv, int level) {
        float[] sum = new float[rv.dimension()];
        boolean any = false;
        for (int i = 0; i < rv.vectors().size(); i++) {
            if (rv.levels()[i] == level) {
                Vectors.addTo(sum, rv.vectors().get(i));
                any = true;
            }
        }
        // Small maps skip deep levels; fall back to the whole-map vector so every image has a value.
        return any ? Vectors.l2normalize(sum) : rv.vectors().getFirst().clone();
    }

    private static double[] normaliseMax(double[] w) {
        double max = 0;
        for (double x : w) {
            max = Math.max(max, x);
        }
        double[] out = w.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = max > 0 ? out[i] / max : 1.0;
        }
        return out;
    }
}
