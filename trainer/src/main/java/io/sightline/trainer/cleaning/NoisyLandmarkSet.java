package io.sightline.trainer.cleaning;

import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A labelled set with known noise, built from an Oxford-format ground truth (Paris 6k subset): the positives
 * (good or ok) of each landmark's queries are clean images with their landmark as label; a share of them is then
 * relabelled to another landmark, and images that are positive for no query are added with a label other than the
 * landmark in their file name. Noise = the relabelled plus the added images. Landmark = query name up to its last
 * '_' (defense_4 -> defense); a landmark with no image file named {@code paris_<landmark>_*} is skipped (the
 * subset's triomphe_5 query has only three positives, all under other names).
 *
 * @param items the noisy labelled images, in a seeded random order
 * @param noise image ids whose label is wrong
 */
public record NoisyLandmarkSet(List<LabelledItem> items, Set<String> noise) {

    public NoisyLandmarkSet {
        items = List.copyOf(items);
        noise = Set.copyOf(noise);
    }

    /**
     * @param relabelShare share of the clean positives given a wrong landmark
     * @param unrelatedShare images added from outside every positive list, as a share of the clean positives
     */
    public static NoisyLandmarkSet build(
            Path gtDir, Path imagesDir, double relabelShare, double unrelatedShare, long seed) {
        if (relabelShare < 0 || relabelShare > 1 || unrelatedShare < 0) {
            throw new IllegalArgumentException(
                    "shares must be in [0, 1] (relabel) and >= 0 (unrelated): " + relabelShare + ", " + unrelatedShare);
        }
        Set<String> files = imageIds(imagesDir);
        Map<String, Set<String>> positives = new TreeMap<>();
        Set<String> anyPositive = new HashSet<>();
        try {
            for (OxfordQuery q : OxfordGroundTruth.load(gtDir)) {
                String landmark = q.name().substring(0, q.name().lastIndexOf('_'));
                anyPositive.addAll(q.positives());
                positives.computeIfAbsent(landmark, l -> new TreeSet<>()).addAll(q.positives());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ground truth " + gtDir, e);
        }
        positives.entrySet().removeIf(e -> files.stream().noneMatch(f -> f.startsWith("paris_" + e.getKey() + "_")));
        List<String> landmarks = List.copyOf(positives.keySet());
        if (landmarks.size() < 2) {
            throw new IllegalArgumentException(
                    "need at least two landmarks with images in " + imagesDir + ", found " + landmarks);
        }

        Random random = new Random(seed);
        List<LabelledItem> clean = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        positives.forEach((landmark, ids) -> ids.stream()
                .filter(files::contains)
                .filter(seen::add)
                .forEach(id -> clean.add(new LabelledItem(id, landmark))));
        Collections.shuffle(clean, random);
        int relabelled = (int) Math.round(relabelShare * clean.size());
        List<LabelledItem> items = new ArrayList<>();
        Set<String> noise = new HashSet<>();
        for (int i = 0; i < clean.size(); i++) {
            LabelledItem item = clean.get(i);
            if (i < relabelled) {
                items.add(new LabelledItem(item.imageId(), otherThan(item.label(), landmarks, random)));
                noise.add(item.imageId());
            } else {
                items.add(item);
            }
        }
        List<String> outside = new ArrayList<>(
                files.stream().filter(f -> !anyPositive.contains(f)).sorted().toList());
        Collections.shuffle(outside, random);
        int unrelated = Math.min(outside.size(), (int) Math.round(unrelatedShare * clean.size()));
        for (String id : outside.subList(0, unrelated)) {
            items.add(new LabelledItem(id, otherThan(landmarkOf(id, landmarks), landmarks, random)));
            noise.add(id);
        }
        Collections.shuffle(items, random);
        return new NoisyLandmarkSet(items, noise);
    }

    private static String landmarkOf(String imageId, List<String> landmarks) {
        return landmarks.stream()
                .filter(l -> imageId.startsWith("paris_" + l + "_"))
                .findFirst()
                .orElse("");
    }

    private static String otherThan(String label, List<String> landmarks, Random random) {
        List<String> others = landmarks.stream().filter(l -> !l.equals(label)).toList();
        return others.get(random.nextInt(others.size()));
    }

    private static Set<String> imageIds(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            Set<String> ids = new HashSet<>();
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(java.util.Locale.ROOT).endsWith(".jpg"))
                    .forEach(n -> ids.add(n.substring(0, n.length() - 4)));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
