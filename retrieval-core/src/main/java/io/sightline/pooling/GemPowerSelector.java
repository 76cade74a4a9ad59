package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the GeM power of one layer from labelled images by picking, among candidate powers, the one whose
 * L2-normalised GeM vectors best separate matching from non-matching pairs ({@link PairSeparation}). A grid
 * search instead of back-propagation: the backbone here is frozen, and p is one scalar per layer.
 */
public record GemPowerSelector(List<Double> candidates) {

    private static final Logger log = LoggerFactory.getLogger(GemPowerSelector.class);

    public GemPowerSelector {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate powers");
        }
        candidates = List.copyOf(candidates);
    }

    public static GemPowerSelector standard() {
        return new GemPowerSelector(List.of(1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0));
    }

    /** @param maps one layer's map per training image; labels as in {@link PairSeparation#of} */
    public double select(List<FeatureMap> maps, List<String> labels) {
        double best = candidates.getFirst();
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double p : candidates) {
            Gem gem = new Gem(p);
            List<float[]> vs =
                    maps.stream().map(m -> Vectors.l2normalize(gem.pool(m))).toList();
            double score = PairSeparation.of(vs, labels).informationGain();
            log.debug("gem p={} separation={}", p, score);
            if (score > bestScore) {
                bestScore = score;
                best = p;
            }
        }
        return best;
    }
}
