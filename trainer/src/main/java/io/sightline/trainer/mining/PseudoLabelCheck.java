package io.sightline.trainer.mining;

import io.sightline.eval.AveragePrecision;
import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The label-free check of a model: mean average precision of the held-out pseudo-landmarks' images, each querying
 * every image of the collection (itself left out), positives its pseudo-landmark's other images. The held-out
 * landmarks are never trained on, so a model that learned the collection rather than its training pairs ranks them
 * better; verification, not a label, says which images belong together.
 */
public final class PseudoLabelCheck {

    private PseudoLabelCheck() {}

    /** @param vectors every image's descriptor under the model checked, by name */
    public static double meanAveragePrecision(Map<String, float[]> vectors, PseudoLandmarks heldOut) {
        return meanAveragePrecision(vectors, heldOut, heldOut);
    }

    /**
     * The held-out images of {@code queries} query the collection; the positives of each are the other images of its
     * pseudo-landmark in {@code all}, trained on or not: how well new photos of known places find those places.
     */
    public static double meanAveragePrecision(
            Map<String, float[]> vectors, PseudoLandmarks queries, PseudoLandmarks all) {
        List<String> names = new ArrayList<>(vectors.keySet());
        List<Double> aps = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.labels().entrySet()) {
            float[] query = vectors.get(q.getKey());
            if (query == null) {
                continue;
            }
            Set<String> positives = new HashSet<>();
            all.labels().forEach((image, label) -> {
                if (label.equals(q.getValue()) && !image.equals(q.getKey())) {
                    positives.add(image);
                }
            });
            List<String> ranking = names.stream()
                    .filter(n -> !n.equals(q.getKey()))
                    .sorted(Comparator.comparingDouble((String n) -> -Vectors.dot(query, vectors.get(n)))
                            .thenComparing(n -> n))
                    .toList();
            aps.add(AveragePrecision.oxford(ranking, positives, Set.of()));
        }
        return aps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
