package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.pooling.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration on hand-made descriptors: copies are known by name, so duplicate and near-duplicate come out without
 * labels; same-place only counts as calibrated when the ground truth labels some pair.
 */
class MatchCalibrationTest {

    /** Two photos of one landmark (a, b) and one of another (c); each photo's copy is a slightly moved vector. */
    private static LooEvaluation.Descriptors descriptors(List<LooQuery> queries) {
        List<String> names = List.of("a", "b", "c");
        List<float[]> database = List.of(unit(1, 0.1f, 0), unit(0.8f, 0.6f, 0), unit(0, 0.2f, 1));
        Map<String, Map<QueryView, float[]>> views = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            float[] v = database.get(i);
            Map<QueryView, float[]> byView = new EnumMap<>(QueryView.class);
            byView.put(QueryView.ORIGINAL, v.clone());
            byView.put(QueryView.JPEG_30, unit(v[0] + 0.1f, v[1], v[2] + 0.1f));
            views.put(names.get(i), byView);
        }
        return new LooEvaluation.Descriptors(names, database, queries, views);
    }

    private static float[] unit(float x, float y, float z) {
        float[] v = {x, y, z};
        Vectors.l2normalize(v);
        return v;
    }

    @Test
    void withoutLabelsCopiesAreCalibratedAndSamePlaceIsNot() {
        List<LooQuery> unlabelled = LooGroundTruth.everyImage(List.of(), List.of("a", "b", "c"));

        MatchCalibration.Result r = MatchCalibration.calibrate(descriptors(unlabelled));

        assertThat(r.pairs()).isEqualTo(3 * 2 * 3);
        assertThat(r.samePlacePairs()).isZero();
        assertThat(r.samePlaceCalibrated()).isFalse();
        // Every copy (0.994 and above) scores above every other pair (0.88 and below): both copy levels sit at the
        // lowest copy similarity, rounded up to three decimals.
        assertThat(r.thresholds().duplicate()).isEqualTo(0.995);
        assertThat(r.thresholds().nearDuplicate()).isEqualTo(0.995);
        assertThat(r.duplicateRecall()).containsEntry(QueryView.ORIGINAL, 1.0).containsEntry(QueryView.JPEG_30, 1.0);
    }

    @Test
    void labelledSamePlacePairsCalibrateSamePlaceBelowTheCopies() {
        List<LooQuery> labelled = List.of(
                new LooQuery("a", "arc", Set.of("b"), Set.of()), new LooQuery("b", "arc", Set.of("a"), Set.of()));
        List<LooQuery> queries = LooGroundTruth.everyImage(labelled, List.of("a", "b", "c"));

        MatchCalibration.Result r = MatchCalibration.calibrate(descriptors(queries));

        assertThat(r.samePlacePairs()).isEqualTo(2 * 2); // a-b and b-a, two views each
        assertThat(r.samePlaceCalibrated()).isTrue();
        double ab = Vectors.dot(unit(1, 0.1f, 0), unit(0.8f, 0.6f, 0));
        assertThat(r.thresholds().samePlace()).isLessThan(r.thresholds().nearDuplicate());
        assertThat(r.thresholds().level(ab + 0.01)).isEqualTo(io.sightline.match.MatchLevel.SAME_PLACE);
    }

    /**
     * The held-out check calibrates the copy count on the --train-on photos' verified pairs alone and scores the
     * others' with it. Inlier counts are given (as a first verification would have left them), so the figures are
     * known: a-photos' copies have 200 inliers and their other pairs 100, so the count is 200; b-photos' copies have
     * 250 and their other pairs 210, so of their pairs at 200 or more a quarter are copies (one of four per view) and every copy reaches it.
     * Calibrated on all photos the count would be above 210.
     */
    @Test
    void copyCountCalibratedOnSomePhotosIsScoredOnTheOthers() {
        List<String> names = List.of("a1", "a2", "b1", "b2");
        List<float[]> database =
                List.of(unit(1, 0.1f, 0), unit(0.8f, 0.6f, 0), unit(0, 0.2f, 1), unit(0.1f, 0.9f, 0.4f));
        Map<String, Map<QueryView, float[]>> views = new LinkedHashMap<>();
        Map<String, Map<Integer, Integer>> verified = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Map<QueryView, float[]> byView = new EnumMap<>(QueryView.class);
            byView.put(QueryView.ORIGINAL, database.get(i).clone());
            byView.put(QueryView.GRAY, database.get(i).clone());
            views.put(names.get(i), byView);
            boolean a = names.get(i).startsWith("a");
            for (QueryView view : byView.keySet()) {
                Map<Integer, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
                for (int j = 0; j < names.size(); j++) {
                    counts.put(j, i == j ? (a ? 200 : 250) : (a ? 100 : 210));
                }
                verified.put(names.get(i) + "|" + view, counts);
            }
        }
        LooEvaluation.Descriptors d =
                new LooEvaluation.Descriptors(names, database, LooGroundTruth.everyImage(List.of(), names), views);

        MatchCalibration.HeldOutCopies split = MatchCalibration.copyInliersHeldOut(
                d,
                new PostProcessing(io.sightline.expansion.QueryExpansion.none(), java.util.Optional.empty()),
                verified,
                n -> n.startsWith("a"));

        assertThat(split.copyInliers()).isEqualTo(200);
        assertThat(split.heldOut().counts().get(QueryView.GRAY)).containsExactly(2, 2);
        assertThat(split.heldOut().verifiedPairs()).hasSize(2 * 2 * 4);
        assertThat(split.precision()).isEqualTo(0.25);
        assertThat(split.recall()).isEqualTo(1.0);
        assertThat(MatchCalibration.copyInliers(MatchCalibration.copiesRankedFirst(
                        d,
                        new PostProcessing(io.sightline.expansion.QueryExpansion.none(), java.util.Optional.empty()),
                        verified)))
                .isGreaterThan(210);
    }

    @Test
    void queriesAreEveryPhotoOfTheFolderWithTheLabelsOfThoseThatAreThere(@TempDir Path dir) throws Exception {
        for (String name : List.of("a.jpg", "b.jpg", "c.jpg", "notes.txt")) {
            Files.writeString(dir.resolve(name), "x");
        }
        List<LooQuery> labelled = List.of(
                new LooQuery("a", "arc", Set.of("b", "z"), Set.of()), new LooQuery("z", "arc", Set.of("a"), Set.of()));

        List<LooQuery> queries = MatchCalibration.queries(dir, labelled);

        assertThat(queries).extracting(LooQuery::imageName).containsExactly("a", "b", "c");
        assertThat(queries.get(0).positives()).containsExactlyInAnyOrder("b", "z");
        assertThat(queries.get(1).positives()).isEmpty();
    }
}
