package io.sightline.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A differential test of {@link MutualNearest}, the fast matcher of backbone cells. Invariants: (1) on any input
 * its pairs are exactly those of a plain double-precision scalar reference (each a's best b, kept when that b's best
 * a is it; first index wins ties), except where the best and second-best similarities are within float rounding;
 * (2) on real photos it agrees with BoofCV's greedy forwards-backwards association it replaced
 * ({@link MutualMatcher}, ratio 1) on at least 99% of pairs; (3) every pair is mutual and one-to-one.
 */
class MutualNearestTest {

    private static OnnxBackbone backbone;
    private static List<LocalFeatures> photos;

    @BeforeAll
    static void extract() throws Exception {
        backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_13"), 1);
        BackboneLocalFeatures cells = new BackboneLocalFeatures(backbone, "features_13", 512, 300);
        photos = new ArrayList<>();
        for (Path p : SharedData.photos(6)) {
            BufferedImage image = ImageIO.read(p.toFile());
            photos.add(cells.extract(image));
        }
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    @Test
    void equalsTheScalarReferenceOnRandomCodes() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int d = 1 + random.nextInt(130); // odd sizes exercise the vector loop's scalar tail
            LocalFeatures a = randomFeatures(random, 1 + random.nextInt(60), d);
            LocalFeatures b = randomFeatures(random, 1 + random.nextInt(60), d);
            Set<Integer> ties = new HashSet<>();
            Set<List<Integer>> expected = reference(a, b, ties);
            Set<List<Integer>> actual = pairs(MutualNearest.match(a, b));
            actual.removeIf(p -> ties.contains(p.get(0)));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void agreesWithBoofCvOnRealPhotos() {
        int same = 0;
        int total = 0;
        for (LocalFeatures a : photos) {
            for (LocalFeatures b : photos) {
                Set<List<Integer>> fast = pairs(MutualNearest.match(a, b));
                Set<List<Integer>> boof = pairs(MutualMatcher.match(a, b, 1.0));
                Set<List<Integer>> both = new HashSet<>(fast);
                both.retainAll(boof);
                same += both.size();
                total += Math.max(fast.size(), boof.size());
                assertOneToOne(fast);
            }
        }
        assertThat(total).isGreaterThan(1000);
        assertThat((double) same / total).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void aPhotoMatchesItselfCellForCell() {
        LocalFeatures a = photos.getFirst();
        int[][] m = MutualNearest.match(a, a);
        assertThat(m.length).isEqualTo(a.size());
        for (int[] p : m) {
            assertThat(p[0]).isEqualTo(p[1]);
        }
    }

    private static void assertOneToOne(Set<List<Integer>> pairs) {
        Set<Integer> as = new HashSet<>();
        Set<Integer> bs = new HashSet<>();
        for (List<Integer> p : pairs) {
            assertThat(as.add(p.get(0))).isTrue();
            assertThat(bs.add(p.get(1))).isTrue();
        }
    }

    private static LocalFeatures randomFeatures(Random random, int n, int d) {
        float[] xy = new float[2 * n];
        byte[] codes = new byte[n * d];
        random.nextBytes(codes);
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) Math.max(-127, codes[i]);
        }
        return new LocalFeatures(100, 100, d, xy, new float[0], codes);
    }

    /**
     * The scalar reference in double precision. An a whose decision involves a near tie (its best b, or that b's
     * best a, within 1e-5 of the runner-up) is left out and added to {@code ties}: float rounding may decide it
     * either way.
     */
    private static Set<List<Integer>> reference(LocalFeatures a, LocalFeatures b, Set<Integer> ties) {
        int d = a.dimension();
        double[][] s = new double[a.size()][b.size()];
        float[] x = new float[d];
        float[] y = new float[d];
        for (int i = 0; i < a.size(); i++) {
            a.descriptor(i, x);
            for (int j = 0; j < b.size(); j++) {
                b.descriptor(j, y);
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += (double) x[k] * y[k];
                }
                s[i][j] = dot;
            }
        }
        Set<List<Integer>> out = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            int bestJ = 0;
            for (int j = 1; j < b.size(); j++) {
                if (s[i][j] > s[i][bestJ]) {
                    bestJ = j;
                }
            }
            int bestI = 0;
            for (int k = 1; k < a.size(); k++) {
                if (s[k][bestJ] > s[bestI][bestJ]) {
                    bestI = k;
                }
            }
            if (nearTie(s[i], bestJ) || nearTie(column(s, bestJ), bestI)) {
                ties.add(i);
            } else if (bestI == i) {
                out.add(List.of(i, bestJ));
            }
        }
        return out;
    }

    private static boolean nearTie(double[] scores, int best) {
        for (int k = 0; k < scores.length; k++) {
            if (k != best && scores[best] - scores[k] < 1e-5) {
                return true;
            }
        }
        return false;
    }

    private static double[] column(double[][] s, int j) {
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i][j];
        }
        return out;
    }

    private static Set<List<Integer>> pairs(int[][] matches) {
        Set<List<Integer>> out = new HashSet<>();
        for (int[] m : matches) {
            out.add(List.of(m[0], m[1]));
        }
        return out;
    }
}
