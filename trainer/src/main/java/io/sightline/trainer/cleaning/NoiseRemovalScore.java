package io.sightline.trainer.cleaning;

import java.util.HashSet;
import java.util.Set;

/**
 * How well cleaning removed known noise: removed-and-noise are true positives; precision = TP / removed,
 * recall = TP / noise. {@code cleanKept} is the share of clean images that survived.
 */
public record NoiseRemovalScore(int images, int noise, int removed, int truePositives, int cleanKept, int clean) {

    public static NoiseRemovalScore of(NoisyLandmarkSet set, CleaningResult result) {
        Set<String> removed = new HashSet<>();
        result.removed().forEach(r -> removed.add(r.imageId()));
        int tp = (int) removed.stream().filter(set.noise()::contains).count();
        int clean = set.items().size() - set.noise().size();
        int cleanKept = (int) result.kept().stream()
                .filter(k -> !set.noise().contains(k.imageId()))
                .count();
        return new NoiseRemovalScore(set.items().size(), set.noise().size(), removed.size(), tp, cleanKept, clean);
    }

    public double precision() {
        return removed == 0 ? 1.0 : (double) truePositives / removed;
    }

    public double recall() {
        return noise == 0 ? 1.0 : (double) truePositives / noise;
    }
}
