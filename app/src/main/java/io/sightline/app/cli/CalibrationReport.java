package io.sightline.app.cli;

import io.sightline.eval.LooEvaluation;
import io.sightline.eval.MatchCalibration;
import io.sightline.eval.PostProcessing;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code eval --protocol loo --calibrate} prints: the match levels calibrated on every photo and its degraded
 * views, the copy count, the copy test with it (per view, the inliers of copies and of other photos, each miss),
 * and with {@code --train-on} the copy count learned on those photos alone and tested on the others'.
 */
final class CalibrationReport {
    private final PrintWriter out;

    CalibrationReport(PrintWriter out) {
        this.out = out;
    }

    /** Calibrates on {@code descriptors} under the served {@code chosen}; {@code heldOutOf}: --train-on's prefixes. */
    void print(LooEvaluation.Descriptors descriptors, PostProcessing chosen, Optional<List<String>> heldOutOf) {
        MatchCalibration.Result cal = MatchCalibration.calibrate(descriptors);
        out.printf("calibrated on %d pairs: %s%n", cal.pairs(), MatchCalibration.describe(cal.thresholds()));
        if (!cal.samePlaceCalibrated()) {
            out.println("same-place not calibrated: the ground truth labels none of these pairs");
        }
        cal.duplicateRecall().forEach((v, r) -> out.printf("view %-10s at 'duplicate' %.3f%n", v.tag(), r));
        // Verified once: the second test, with the calibrated inlier rule, reuses the first's inliers.
        Map<String, Map<Integer, Integer>> verified = new ConcurrentHashMap<>();
        int copyInliers = MatchCalibration.copyInliers(
                MatchCalibration.copiesRankedFirst(descriptors, chosen.withMatching(cal.thresholds()), verified));
        out.printf(
                "copies from %d verified inliers (%.0f%% of the verified pairs at or above are copies)%n",
                copyInliers, MatchCalibration.DUPLICATE_PRECISION * 100);
        MatchCalibration.CopyTest copies = MatchCalibration.copiesRankedFirst(
                descriptors, chosen.withMatching(cal.thresholds().withCopyInliers(copyInliers)), verified);
        copies.counts()
                .forEach((v, c) ->
                        out.printf("view %-10s copies first %d/%d (with these thresholds)%n", v.tag(), c[0], c[1]));
        copies.selfInliers()
                .forEach((v, list) -> out.printf(
                        "view %-10s inliers with its own photo %s; best other photo %s%n",
                        v.tag(),
                        quantiles(list),
                        quantiles(copies.bestOtherInliers().get(v))));
        copies.misses()
                .forEach(m -> out.printf(
                        "copy missed: %s %s at rank %d (similarity %.3f, %d inliers); first %s (%.3f, %d inliers)%n",
                        m.image(),
                        m.view().tag(),
                        m.rank(),
                        m.similarity(),
                        m.inliers(),
                        m.first(),
                        m.firstSimilarity(),
                        m.firstInliers()));
        if (heldOutOf.isPresent()) {
            printHeldOutCopies(descriptors, chosen.withMatching(cal.thresholds()), verified, heldOutOf.get());
        }
    }

    /**
     * With {@code --calibrate --train-on}: the copy count calibrated on the --train-on photos' copies alone, and the
     * copy test of the other photos with it (a held-out check of a count learned from data).
     */
    private void printHeldOutCopies(
            LooEvaluation.Descriptors descriptors,
            PostProcessing calibrated,
            Map<String, Map<Integer, Integer>> verified,
            List<String> trainOn) {
        MatchCalibration.HeldOutCopies split = MatchCalibration.copyInliersHeldOut(
                descriptors, calibrated, verified, name -> trainOn.stream().anyMatch(name::startsWith));
        out.printf(
                "held out: copies from %d verified inliers, calibrated on the copies of %s alone%n",
                split.copyInliers(), trainOn);
        split.heldOut()
                .counts()
                .forEach((v, c) -> out.printf(
                        "held out: view %-10s copies first %d/%d (the other photos)%n", v.tag(), c[0], c[1]));
        out.printf(
                "held out: of the other photos' verified pairs with at least %d inliers, %.4f are copies; "
                        + "%.4f of their verified copy pairs reach it%n",
                split.copyInliers(), split.precision(), split.recall());
    }

    /** min / 5% / median / 95% / max of counts. */
    private static String quantiles(List<Integer> counts) {
        int[] sorted = counts.stream().mapToInt(Integer::intValue).sorted().toArray();
        return String.format(
                "min %d, 5%% %d, median %d, 95%% %d, max %d",
                sorted[0],
                sorted[(int) (0.05 * (sorted.length - 1))],
                sorted[sorted.length / 2],
                sorted[(int) (0.95 * (sorted.length - 1))],
                sorted[sorted.length - 1]);
    }
}
