package io.sightline.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The leave-one-out queries of an Oxford-format ground truth: every image that is a positive of some landmark
 * (the union of that landmark's good and ok lists over its queries) becomes a full-image query; its positives are
 * the other positives of its landmark(s), its junk the landmark's junk. A landmark is the query name up to its
 * last underscore ({@code louvre_3} is {@code louvre}). Hundreds of queries instead of a dozen, each a photo the
 * others were not chosen around.
 */
public final class LooGroundTruth {

    private LooGroundTruth() {}

    /** One leave-one-out query: a database image asked for the rest of its landmark. */
    public record LooQuery(String imageName, String landmark, Set<String> positives, Set<String> junk) {
        public LooQuery {
            positives = Set.copyOf(positives);
            junk = Set.copyOf(junk);
            if (positives.contains(imageName)) {
                throw new IllegalArgumentException(imageName + " cannot be its own positive");
            }
        }
    }

    /** Queries sorted by image name; an image that is positive for several landmarks takes them all. */
    public static List<LooQuery> of(List<OxfordQuery> oxford) {
        Map<String, Set<String>> positives = new TreeMap<>();
        Map<String, Set<String>> junk = new TreeMap<>();
        for (OxfordQuery q : oxford) {
            String landmark = landmark(q.name());
            positives.computeIfAbsent(landmark, k -> new HashSet<>()).addAll(q.positives());
            junk.computeIfAbsent(landmark, k -> new HashSet<>()).addAll(q.junk());
        }
        Map<String, Set<String>> landmarksOf = new TreeMap<>();
        positives.forEach((landmark, images) -> images.forEach(image ->
                landmarksOf.computeIfAbsent(image, k -> new TreeSet<>()).add(landmark)));
        List<LooQuery> out = new ArrayList<>(landmarksOf.size());
        landmarksOf.forEach((image, landmarks) -> {
            Set<String> pos = new HashSet<>();
            Set<String> jk = new HashSet<>();
            for (String l : landmarks) {
                pos.addAll(positives.get(l));
                jk.addAll(junk.get(l));
            }
            pos.remove(image);
            jk.removeAll(pos);
            jk.remove(image);
            out.add(new LooQuery(image, String.join("+", landmarks), pos, jk));
        });
        return List.copyOf(out);
    }

    /**
     * Every database image as a query: the leave-one-out queries, and the images that are no landmark's positive
     * with no positives of their own (for copy tests and calibration, which compare a photo with itself).
     */
    public static List<LooQuery> everyImage(List<LooQuery> loo, List<String> imageNames) {
        Map<String, LooQuery> byImage = new TreeMap<>();
        loo.forEach(q -> byImage.put(q.imageName(), q));
        imageNames.forEach(n -> byImage.putIfAbsent(n, new LooQuery(n, "-", Set.of(), Set.of())));
        return List.copyOf(byImage.values());
    }

    /** {@code defense_4} → {@code defense}. */
    static String landmark(String queryName) {
        int cut = queryName.lastIndexOf('_');
        return cut > 0 ? queryName.substring(0, cut) : queryName;
    }
}
