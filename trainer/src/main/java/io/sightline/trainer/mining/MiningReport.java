package io.sightline.trainer.mining;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How pure the mined pairs and pseudo-landmarks are against a ground truth the mining never saw (image to landmark;
 * images of no landmark, such as distractors, are left out of every figure). Only reported, never trained on.
 *
 * @param pairs          positive pairs whose both images have a landmark
 * @param pairPrecision  share of those pairs showing the same landmark
 * @param pairRecall     share of all same-landmark pairs among the images that the mining found as positives
 * @param labelled       images with a pseudo-landmark and a true landmark
 * @param labelPurity    share of those images whose pseudo-landmark's majority landmark is their own
 * @param pseudoLandmarks number of pseudo-landmarks
 */
public record MiningReport(
        int pairs, double pairPrecision, double pairRecall, int labelled, double labelPurity, int pseudoLandmarks) {

    public static MiningReport of(MinedPairs mined, PseudoLandmarks pseudo, Map<String, String> truth) {
        List<String> names = mined.names();
        int pairs = 0;
        int right = 0;
        for (MinedPairs.Pair p : mined.positives()) {
            String a = truth.get(names.get(p.i()));
            String b = truth.get(names.get(p.j()));
            if (a != null && b != null) {
                pairs++;
                right += a.equals(b) ? 1 : 0;
            }
        }
        Map<String, Integer> perLandmark = new HashMap<>();
        for (String name : names) {
            String l = truth.get(name);
            if (l != null) {
                perLandmark.merge(l, 1, Integer::sum);
            }
        }
        long samePairs = perLandmark.values().stream()
                .mapToLong(c -> (long) c * (c - 1) / 2)
                .sum();
        Map<String, Map<String, Integer>> byPseudo = new HashMap<>();
        pseudo.labels().forEach((image, label) -> {
            String l = truth.get(image);
            if (l != null) {
                byPseudo.computeIfAbsent(label, k -> new HashMap<>()).merge(l, 1, Integer::sum);
            }
        });
        int labelled = 0;
        int majority = 0;
        for (Map<String, Integer> counts : byPseudo.values()) {
            labelled += counts.values().stream().mapToInt(Integer::intValue).sum();
            majority +=
                    counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return new MiningReport(
                pairs,
                pairs == 0 ? 0 : (double) right / pairs,
                samePairs == 0 ? 0 : (double) right / samePairs,
                labelled,
                labelled == 0 ? 0 : (double) majority / labelled,
                (int) pseudo.labels().values().stream().distinct().count());
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%d positive pairs with known landmarks: precision %.3f, recall %.3f; %d pseudo-landmarks, %d labelled "
                        + "images, purity %.3f",
                pairs,
                pairPrecision,
                pairRecall,
                pseudoLandmarks,
                labelled,
                labelPurity);
    }
}
