package io.sightline.eval;

import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.image.ImageFiles;
import io.sightline.match.MatchThresholds;
import io.sightline.pooling.Vectors;
import io.sightline.verify.LocalFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Calibrates {@link MatchThresholds} on leave-one-out descriptors: every view of every query photo is compared with
 * every database image; a pair is a copy when the database image is the photo the view was made from, the same
 * place when it is a positive of the photo's landmark. Each threshold is the lowest similarity at which the pairs at
 * or above it reach the target precision: 99% copies for {@code duplicate}, 90% copies for {@code near-duplicate},
 * 90% copies or same place for {@code same-place}.
 */
public final class MatchCalibration {

    public static final double DUPLICATE_PRECISION = 0.99;
    public static final double NEAR_DUPLICATE_PRECISION = 0.90;
    public static final double SAME_PLACE_PRECISION = 0.90;

    /**
     * The thresholds, how often each view of a photo reaches {@code duplicate} against the photo itself, how many
     * pairs were compared and how many of them the ground truth labels the same place. Without such pairs (no ground
     * truth, or none for these photos) {@code samePlace} is only the near-duplicate threshold again: copies need no
     * labels, the same place does.
     */
    public record Result(
            MatchThresholds thresholds, Map<QueryView, Double> duplicateRecall, int pairs, int samePlacePairs) {

        public boolean samePlaceCalibrated() {
            return samePlacePairs > 0;
        }
    }

    /** The views a calibration compares: each photo as it is and every degraded copy of it. */
    public static List<QueryView> views() {
        return List.of(QueryView.values());
    }

    /**
     * The calibration's queries over the photos of {@code imagesDir} ({@link ImageFiles}): every photo, since a copy is
     * known by name and needs no label, with the positives and junk of the {@code labelled} ones (leave-one-out
     * queries of a ground truth, possibly none); labelled photos that are not in the folder are left out.
     */
    public static List<LooQuery> queries(Path imagesDir, List<LooQuery> labelled) throws IOException {
        List<String> names =
                ImageFiles.list(imagesDir).stream().map(ImageFiles::name).toList();
        Set<String> present = new HashSet<>(names);
        List<LooQuery> here =
                labelled.stream().filter(q -> present.contains(q.imageName())).toList();
        return LooGroundTruth.everyImage(here, names);
    }

    private MatchCalibration() {}

    public static Result calibrate(LooEvaluation.Descriptors d) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < d.names().size(); i++) {
            index.put(d.names().get(i), i);
        }
        List<double[]> pairs = new ArrayList<>(); // {similarity, kind: 2 copy, 1 same place, 0 other}
        int samePlacePairs = 0;
        Map<QueryView, List<Double>> copySims = new EnumMap<>(QueryView.class);
        for (LooQuery q : d.queries()) {
            Integer self = index.get(q.imageName());
            Set<String> positives = q.positives();
            for (Map.Entry<QueryView, float[]> view :
                    d.views().get(q.imageName()).entrySet()) {
                for (int j = 0; j < d.database().size(); j++) {
                    double s = Vectors.dot(view.getValue(), d.database().get(j));
                    boolean copy = self != null && j == self;
                    String name = d.names().get(j);
                    if (!copy && q.junk().contains(name)) {
                        continue;
                    }
                    boolean samePlace = !copy && positives.contains(name);
                    samePlacePairs += samePlace ? 1 : 0;
                    pairs.add(new double[] {s, copy ? 2 : samePlace ? 1 : 0});
                    if (copy) {
                        copySims.computeIfAbsent(view.getKey(), k -> new ArrayList<>())
                                .add(s);
                    }
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(b[0], a[0]));
        double duplicate = lowest(pairs, 2, DUPLICATE_PRECISION);
        double near = Math.min(duplicate, lowest(pairs, 2, NEAR_DUPLICATE_PRECISION));
        double same = Math.min(near, lowest(pairs, 1, SAME_PLACE_PRECISION));
        Map<QueryView, Double> recall = new EnumMap<>(QueryView.class);
        copySims.forEach((v, sims) ->
                recall.put(v, sims.stream().filter(s -> s >= duplicate).count() / (double) sims.size()));
        return new Result(
                new MatchThresholds(round(duplicate), round(near), round(same)), recall, pairs.size(), samePlacePairs);
    }

    /** Lowest value (similarity, inliers) whose pairs at or above have at least {@code precision} of kind {@code >= minKind}. */
    private static double lowest(List<double[]> sorted, int minKind, double precision) {
        int good = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i)[1] >= minKind) {
                good++;
            }
            // Only at the end of a run of equal similarities: a threshold keeps all of them or none.
            boolean last = i + 1 == sorted.size() || sorted.get(i + 1)[0] < sorted.get(i)[0];
            if (last && good >= precision * (i + 1)) {
                best = sorted.get(i)[0];
            }
        }
        return best;
    }

    /** Three decimals, rounded up so the stated precision still holds. */
    private static double round(double t) {
        return Double.isInfinite(t) ? t : Math.ceil(t * 1000) / 1000;
    }

    /**
     * A view of a photo that did not find the photo first under the served ranking: where the photo came, and what
     * came first instead, each with its raw similarity and verified inliers (-1 when not verified).
     */
    public record CopyMiss(
            String image,
            QueryView view,
            int rank,
            double similarity,
            int inliers,
            String first,
            double firstSimilarity,
            int firstInliers) {}

    /**
     * The copy test's outcome. Per kind of view: how many found their own photo first and how many were asked, the
     * inliers each view had with its own photo and the most it had with another; each miss; and every verified
     * pair as {inliers, 2 for a copy or 0} (what {@link #copyInliers} calibrates on).
     */
    public record CopyTest(
            Map<QueryView, int[]> counts,
            List<CopyMiss> misses,
            Map<QueryView, List<Integer>> selfInliers,
            Map<QueryView, List<Integer>> bestOtherInliers,
            List<double[]> verifiedPairs) {}

    /**
     * The copy test of every photo under {@code retrieval}, as the search serves it: each view of each photo
     * queries the whole database, which holds the photo, with the view's local features when the descriptors
     * have them (the served search verifies its shortlist).
     */
    public static CopyTest copiesRankedFirst(LooEvaluation.Descriptors d, PostProcessing retrieval) {
        return copiesRankedFirst(d, retrieval, new ConcurrentHashMap<>());
    }

    /**
     * As {@link #copiesRankedFirst(LooEvaluation.Descriptors, PostProcessing)}, with the verified inliers of each
     * view ({@code image|view} to counts by database index) kept in {@code verified}: a second test of the same
     * descriptors, with other thresholds, verifies nothing again.
     */
    public static CopyTest copiesRankedFirst(
            LooEvaluation.Descriptors d, PostProcessing retrieval, Map<String, Map<Integer, Integer>> verified) {
        return copiesRankedFirst(d, retrieval, verified, name -> true);
    }

    /** As above, with the views of only the photos {@code asked} accepts as queries (the database stays whole). */
    public static CopyTest copiesRankedFirst(
            LooEvaluation.Descriptors d,
            PostProcessing retrieval,
            Map<String, Map<Integer, Integer>> verified,
            Predicate<String> asked) {
        PostProcessing.Ranker ranker = retrieval.over(d.database(), d.databaseLocal());
        Map<QueryView, int[]> counts = new EnumMap<>(QueryView.class);
        List<CopyMiss> misses = new ArrayList<>();
        Map<QueryView, List<Integer>> selfInliers = new EnumMap<>(QueryView.class);
        Map<QueryView, List<Integer>> otherInliers = new EnumMap<>(QueryView.class);
        List<double[]> pairs = new ArrayList<>();
        for (LooQuery q : d.queries()) {
            if (!asked.test(q.imageName())) {
                continue;
            }
            int self = d.names().indexOf(q.imageName());
            Map<QueryView, LocalFeatures> locals = d.viewLocal().getOrDefault(q.imageName(), Map.of());
            for (Map.Entry<QueryView, float[]> view :
                    d.views().get(q.imageName()).entrySet()) {
                int[] c = counts.computeIfAbsent(view.getKey(), k -> new int[2]);
                Map<Integer, Integer> inliers =
                        verified.computeIfAbsent(q.imageName() + "|" + view.getKey(), k -> new ConcurrentHashMap<>());
                int[] ranking = ranker.rank(view.getValue(), locals.get(view.getKey()), inliers);
                c[1]++;
                inliers.forEach((i, n) -> pairs.add(new double[] {n, i == self ? 2 : 0}));
                selfInliers
                        .computeIfAbsent(view.getKey(), k -> new ArrayList<>())
                        .add(inliers.getOrDefault(self, -1));
                otherInliers
                        .computeIfAbsent(view.getKey(), k -> new ArrayList<>())
                        .add(inliers.entrySet().stream()
                                .filter(e -> e.getKey() != self)
                                .mapToInt(Map.Entry::getValue)
                                .max()
                                .orElse(-1));
                if (ranking[0] == self) {
                    c[0]++;
                    continue;
                }
                int rank = 0;
                while (rank < ranking.length && ranking[rank] != self) {
                    rank++;
                }
                misses.add(new CopyMiss(
                        q.imageName(),
                        view.getKey(),
                        rank + 1,
                        Vectors.dot(view.getValue(), d.database().get(self)),
                        inliers.getOrDefault(self, -1),
                        d.names().get(ranking[0]),
                        Vectors.dot(view.getValue(), d.database().get(ranking[0])),
                        inliers.getOrDefault(ranking[0], -1)));
            }
        }
        return new CopyTest(counts, misses, selfInliers, otherInliers, pairs);
    }

    /**
     * The lowest verified inlier count at which at least {@link #DUPLICATE_PRECISION} of the copy test's verified
     * pairs at or above it are a photo and its own copy: {@link MatchThresholds#copyInliers()}.
     * {@link Integer#MAX_VALUE} when no count reaches that precision.
     */
    public static int copyInliers(CopyTest test) {
        List<double[]> sorted = new ArrayList<>(test.verifiedPairs());
        sorted.sort((a, b) -> Double.compare(b[0], a[0]));
        double lowest = lowest(sorted, 2, DUPLICATE_PRECISION);
        return Double.isInfinite(lowest) ? Integer.MAX_VALUE : (int) lowest;
    }

    /**
     * The copy rule checked on photos it was not calibrated on: {@code copyInliers} calibrated on the copies of the
     * photos {@code calibrateOn} accepts (e.g. three landmarks'), and the copy test of the other photos with it.
     *
     * @param heldOut   the other photos' copy test under that count
     * @param precision of the other photos' verified pairs with at least that many inliers, the share that are a
     *                  photo and its own copy (NaN when none reaches the count)
     * @param recall    of the other photos' verified copy pairs, the share with at least that many inliers
     */
    public record HeldOutCopies(int copyInliers, CopyTest heldOut, double precision, double recall) {}

    /** See {@link HeldOutCopies}; {@code retrieval}'s own copy count is replaced by the calibrated one. */
    public static HeldOutCopies copyInliersHeldOut(
            LooEvaluation.Descriptors d,
            PostProcessing retrieval,
            Map<String, Map<Integer, Integer>> verified,
            Predicate<String> calibrateOn) {
        CopyTest calibration = copiesRankedFirst(d, retrieval, verified, calibrateOn);
        int count = copyInliers(calibration);
        PostProcessing withCount = retrieval.withMatching(retrieval.matching().withCopyInliers(count));
        CopyTest heldOut = copiesRankedFirst(d, withCount, verified, calibrateOn.negate());
        long above = 0;
        long copiesAbove = 0;
        long copies = 0;
        for (double[] pair : heldOut.verifiedPairs()) {
            boolean copy = pair[1] == 2;
            copies += copy ? 1 : 0;
            if (pair[0] >= count) {
                above++;
                copiesAbove += copy ? 1 : 0;
            }
        }
        return new HeldOutCopies(
                count,
                heldOut,
                above == 0 ? Double.NaN : (double) copiesAbove / above,
                copies == 0 ? Double.NaN : (double) copiesAbove / copies);
    }

    /** For reports: the thresholds as {@code duplicate 0.xxx, near-duplicate 0.xxx, same-place 0.xxx}. */
    public static String describe(MatchThresholds t) {
        return String.format(
                Locale.ROOT,
                "duplicate %.3f, near-duplicate %.3f, same-place %.3f",
                t.duplicate(),
                t.nearDuplicate(),
                t.samePlace());
    }
}
