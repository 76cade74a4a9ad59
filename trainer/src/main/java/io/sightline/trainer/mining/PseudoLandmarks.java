package io.sightline.trainer.mining;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Connected components of verified pairs: each component of two or more images is a pseudo-landmark, named
 * {@code pseudo-NNNN} in order of its first image. Images in no positive pair get no label.
 */
public record PseudoLandmarks(Map<String, String> labels) {

    public PseudoLandmarks {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public static PseudoLandmarks of(MinedPairs mined) {
        int n = mined.names().size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (MinedPairs.Pair p : mined.positives()) {
            int a = root(parent, p.i());
            int b = root(parent, p.j());
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        Map<Integer, List<Integer>> components = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            components.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(i);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int next = 0;
        for (List<Integer> members : components.values()) {
            if (members.size() >= 2) {
                String label = String.format(java.util.Locale.ROOT, "pseudo-%04d", next++);
                members.forEach(i -> labels.put(mined.names().get(i), label));
            }
        }
        return new PseudoLandmarks(labels);
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Images per pseudo-landmark, largest first. */
    public List<Integer> sizes() {
        Map<String, Integer> counts = new TreeMap<>();
        labels.values().forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts.values().stream().sorted(Comparator.reverseOrder()).toList();
    }

    /**
     * A seeded split by pseudo-landmark: about {@code share} of the landmarks (never all, and none when there are
     * fewer than 3) go to the held-out side, the rest to training.
     */
    public Split split(double share, long seed) {
        List<String> names = labels.values().stream().distinct().sorted().toList();
        List<String> shuffled = new ArrayList<>(names);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        int held = names.size() < 3 ? 0 : Math.max(1, (int) Math.round(share * names.size()));
        java.util.Set<String> heldOut = new java.util.HashSet<>(shuffled.subList(0, held));
        Map<String, String> train = new LinkedHashMap<>();
        Map<String, String> check = new LinkedHashMap<>();
        labels.forEach((image, label) -> (heldOut.contains(label) ? check : train).put(image, label));
        return new Split(new PseudoLandmarks(train), new PseudoLandmarks(check));
    }

    /**
     * A seeded split by image: of every pseudo-landmark with at least 4 images, about {@code share} of its images
     * (at least one) are held out and the rest stay for training; smaller ones stay whole. The held-out images are
     * new photos of places the model trains on: the case of a deployment, where queries are other people's photos of
     * what the collection shows.
     */
    public Split splitImages(double share, long seed) {
        Map<String, List<String>> members = new TreeMap<>();
        labels.forEach((image, label) ->
                members.computeIfAbsent(label, l -> new ArrayList<>()).add(image));
        Random random = new Random(seed);
        java.util.Set<String> heldOut = new java.util.HashSet<>();
        for (List<String> images : members.values()) {
            if (images.size() < 4) {
                continue;
            }
            List<String> shuffled = new ArrayList<>(images);
            shuffled.sort(Comparator.naturalOrder());
            java.util.Collections.shuffle(shuffled, random);
            heldOut.addAll(shuffled.subList(0, Math.max(1, (int) Math.round(share * images.size()))));
        }
        Map<String, String> train = new LinkedHashMap<>();
        Map<String, String> check = new LinkedHashMap<>();
        labels.forEach((image, label) -> (heldOut.contains(image) ? check : train).put(image, label));
        return new Split(new PseudoLandmarks(train), new PseudoLandmarks(check));
    }

    /** Pseudo-landmarks to train on, and those kept for the label-free check. */
    public record Split(PseudoLandmarks train, PseudoLandmarks heldOut) {}
}
