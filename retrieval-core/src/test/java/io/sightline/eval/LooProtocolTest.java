package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import io.sightline.expansion.ThresholdedQueryExpansion;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.Vectors;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leave-one-out protocol's parts: its queries from the real ground truth, its views of a real photo, its intervals. */
class LooProtocolTest {

    @Test
    void everyPositiveOfALandmarkQueriesTheRestOfItsLandmark() throws Exception {
        List<OxfordQuery> oxford = OxfordGroundTruth.load(SharedData.parisGroundTruth());
        List<LooQuery> loo = LooGroundTruth.of(oxford);
        Set<String> allPositives = new HashSet<>();
        oxford.forEach(q -> allPositives.addAll(q.positives()));
        assertThat(loo).extracting(LooQuery::imageName).containsExactlyInAnyOrderElementsOf(allPositives);
        for (LooQuery q : loo) {
            assertThat(q.positives()).doesNotContain(q.imageName());
            assertThat(q.junk()).doesNotContainAnyElementsOf(q.positives());
            for (OxfordQuery o : oxford) {
                // A landmark's every positive is a positive of each of its photos (but the photo itself).
                if (q.landmark().contains(LooGroundTruth.landmark(o.name()))
                        && o.positives().contains(q.imageName())) {
                    Set<String> expected = new HashSet<>(o.positives());
                    expected.remove(q.imageName());
                    assertThat(q.positives()).containsAll(expected);
                }
            }
        }
        // louvre_1..4 share one landmark: its photos see each other whatever query listed them.
        assertThat(loo.stream().filter(q -> q.landmark().equals("louvre")).count())
                .isGreaterThan(30);
    }

    @Test
    void viewsDegradeARealPhotoAsDescribed() throws Exception {
        BufferedImage photo = new ImageDecoder(ImageLimits.defaults())
                .decode(Files.readAllBytes(SharedData.parisImage("paris_louvre_000081")));
        int w = photo.getWidth();
        int h = photo.getHeight();
        assertThat(QueryView.ORIGINAL.apply(photo)).isSameAs(photo);
        assertThat(Math.max(
                        QueryView.DOWN_320.apply(photo).getWidth(),
                        QueryView.DOWN_320.apply(photo).getHeight()))
                .isEqualTo(320);
        assertThat(Math.max(
                        QueryView.DOWN_480.apply(photo).getWidth(),
                        QueryView.DOWN_480.apply(photo).getHeight()))
                .isEqualTo(480);
        BufferedImage crop = QueryView.CROP_80.apply(photo);
        assertThat(crop.getWidth()).isEqualTo(Math.round(w * 0.8f));
        assertThat(crop.getRGB(0, 0)).isEqualTo(photo.getRGB((w - crop.getWidth()) / 2, (h - crop.getHeight()) / 2));
        BufferedImage gray = QueryView.GRAY.apply(photo);
        for (int y = 0; y < h; y += 37) {
            int rgb = gray.getRGB(w / 2, y);
            assertThat((rgb >> 16) & 0xff).isEqualTo((rgb >> 8) & 0xff).isEqualTo(rgb & 0xff);
        }
        BufferedImage jpeg = QueryView.JPEG_30.apply(photo);
        assertThat(jpeg.getWidth()).isEqualTo(w);
        assertThat(meanAbsDifference(jpeg, photo)).isBetween(0.5, 20.0);
        BufferedImage rotated = QueryView.ROTATE_10.apply(photo);
        assertThat((double) rotated.getWidth() / rotated.getHeight()).isCloseTo((double) w / h, within(0.02));
        // Cropped inside the rotated frame: no blank corner is left.
        for (int[] c : new int[][] {
            {0, 0},
            {rotated.getWidth() - 1, 0},
            {0, rotated.getHeight() - 1},
            {rotated.getWidth() - 1, rotated.getHeight() - 1}
        }) {
            assertThat(rotated.getRGB(c[0], c[1]) & 0xffffff).isNotZero();
        }
    }

    private static double meanAbsDifference(BufferedImage a, BufferedImage b) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < a.getHeight(); y += 7) {
            for (int x = 0; x < a.getWidth(); x += 7) {
                sum += Math.abs((a.getRGB(x, y) & 0xff) - (b.getRGB(x, y) & 0xff));
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void bootstrapIntervalsResampleWholeClustersAndAreSeeded() {
        List<double[]> constant = List.of(new double[] {0.5, 0.5}, new double[] {0.5});
        Bootstrap.Interval flat = Bootstrap.mean95(constant, 1);
        assertThat(flat.low()).isEqualTo(0.5);
        assertThat(flat.high()).isEqualTo(0.5);
        List<double[]> spread = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            spread.add(new double[] {i % 2, i % 2});
        }
        Bootstrap.Interval i = Bootstrap.mean95(spread, 7);
        assertThat(i.mean()).isEqualTo(0.5);
        assertThat(i.low()).isLessThan(0.5).isGreaterThan(0.35);
        assertThat(i.high()).isGreaterThan(0.5).isLessThan(0.65);
        assertThat(Bootstrap.mean95(spread, 7)).isEqualTo(i);
        // Views of one photo are one cluster: duplicating every value inside clusters leaves the interval as it was.
        List<double[]> doubled =
                spread.stream().map(c -> new double[] {c[0], c[0], c[0], c[0]}).toList();
        assertThat(Bootstrap.mean95(doubled, 7).low()).isCloseTo(i.low(), within(1e-12));
    }

    @Test
    void aViewsMapAveragesOnlyThatViewsQueries() {
        LooReport r = new LooReport(List.of(
                new LooReport.Result("a1", "a", QueryView.ORIGINAL, 1.0),
                new LooReport.Result("a1", "a", QueryView.GRAY, 0.2),
                new LooReport.Result("a2", "a", QueryView.ORIGINAL, 0.5)));
        assertThat(r.mAP(QueryView.ORIGINAL)).isEqualTo(0.75);
        assertThat(r.mAP(QueryView.GRAY)).isEqualTo(0.2);
        assertThat(r.mAP(QueryView.ROTATE_10)).isZero();
        assertThat(r.mAP()).isCloseTo(1.7 / 3, within(1e-12));
    }

    @Test
    void thresholdedExpansionIgnoresNeighboursBelowItsSimilarity() {
        float[] q = Vectors.l2normalize(new float[] {1, 0, 0});
        float[] near = Vectors.l2normalize(new float[] {1, 0.2f, 0});
        float[] far = Vectors.l2normalize(new float[] {0, 1, 0});
        List<ScoredVector> ranked =
                List.of(new ScoredVector(0, near, Vectors.dot(q, near)), new ScoredVector(1, far, Vectors.dot(q, far)));
        QueryExpansion plain = new AlphaQueryExpansion(2, 0);
        QueryExpansion thresholded = new ThresholdedQueryExpansion(plain, 0.5);
        assertThat(thresholded.expand(q, ranked)).isEqualTo(plain.expand(q, ranked.subList(0, 1)));
        assertThat(new ThresholdedQueryExpansion(plain, 0.999).expand(q, ranked))
                .isEqualTo(q);
        assertThat(thresholded.neighbours()).isEqualTo(2);
        assertThat(PostProcessing.parseQueryExpansion("alpha:2:0:0.5")).isEqualTo(thresholded);
        assertThat(PostProcessing.parseQueryExpansion("avg:3:0.8"))
                .isEqualTo(new ThresholdedQueryExpansion(new io.sightline.expansion.AverageQueryExpansion(3), 0.8));
    }

    @Test
    void leaveOneOutRemovesTheQueryPhotoFromTheDatabase() {
        // Two landmarks of two photos each; every view is an exact copy of its photo.
        List<String> names = List.of("a1", "a2", "b1", "b2");
        List<float[]> db = List.of(
                new float[] {1, 0},
                Vectors.l2normalize(new float[] {0.9f, 0.3f}),
                new float[] {0, 1},
                Vectors.l2normalize(new float[] {0.3f, 0.9f}));
        List<LooQuery> queries = List.of(
                new LooQuery("a1", "a", Set.of("a2"), Set.of()), new LooQuery("b1", "b", Set.of("b2"), Set.of()));
        Map<String, Map<QueryView, float[]>> views =
                Map.of("a1", Map.of(QueryView.ORIGINAL, db.get(0)), "b1", Map.of(QueryView.ORIGINAL, db.get(2)));
        LooReport report = new LooEvaluation.Descriptors(names, db, queries, views)
                .evaluate(PostProcessing.none(), List.of(QueryView.ORIGINAL));
        // Were a1 still in the database it would rank first as a negative and halve the AP.
        assertThat(report.results()).extracting(LooReport.Result::ap).containsExactly(1.0, 1.0);
        assertThat(report.byLandmark()).containsOnlyKeys("a", "b");
    }
}
