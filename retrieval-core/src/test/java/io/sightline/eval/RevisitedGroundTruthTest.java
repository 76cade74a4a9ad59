package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.eval.RevisitedGroundTruth.Setting;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.razorvine.pickle.Pickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The revisitop ground-truth pickle and its Easy / Medium / Hard scoring, on hand rankings and on real photos. */
class RevisitedGroundTruthTest {

    private static final Logger log = LoggerFactory.getLogger(RevisitedGroundTruthTest.class);

    @TempDir
    Path tmp;

    /** A gnd entry as revisitop writes it. */
    static Map<String, Object> gnd(List<Double> bbx, List<Integer> easy, List<Integer> hard, List<Integer> junk) {
        Map<String, Object> g = new HashMap<>();
        g.put("bbx", bbx);
        g.put("easy", easy);
        g.put("hard", hard);
        g.put("junk", junk);
        return g;
    }

    static byte[] pickle(List<String> imlist, List<String> qimlist, List<Map<String, Object>> gnd) throws IOException {
        Map<String, Object> root = new HashMap<>();
        root.put("imlist", imlist);
        root.put("qimlist", qimlist);
        root.put("gnd", gnd);
        return new Pickler().dumps(root);
    }

    @Test
    void readsThePickleAndScoresEasyMediumHardAsRevisitop() throws Exception {
        List<String> imlist = List.of("a", "b", "c", "d", "e", "f");
        Path pkl = tmp.resolve("gnd_tiny.pkl");
        Files.write(
                pkl,
                pickle(
                        imlist,
                        List.of("q0", "q1"),
                        List.of(
                                gnd(List.of(1.0, 2.0, 30.5, 40.0), List.of(0, 2), List.of(4), List.of(1)),
                                gnd(List.of(0.0, 0.0, 10.0, 10.0), List.of(3), List.of(), List.of()))));
        RevisitedGroundTruth gt = RevisitedGroundTruth.load(pkl);
        assertThat(gt.images()).isEqualTo(imlist);
        assertThat(gt.queryImages()).containsExactly("q0", "q1");
        RevisitedGroundTruth.Query q0 = gt.queries().getFirst();
        assertThat(List.of(q0.x1(), q0.y1(), q0.x2(), q0.y2())).containsExactly(1.0, 2.0, 30.5, 40.0);
        assertThat(q0.easy()).containsExactly(0, 2);

        OxfordQuery easy = gt.oxfordQueries(Setting.EASY).getFirst();
        assertThat(easy.positives()).containsExactlyInAnyOrder("a", "c");
        assertThat(easy.junk()).containsExactlyInAnyOrder("b", "e");
        OxfordQuery medium = gt.oxfordQueries(Setting.MEDIUM).getFirst();
        assertThat(medium.positives()).containsExactlyInAnyOrder("a", "c", "e");
        assertThat(medium.junk()).containsExactlyInAnyOrder("b");
        OxfordQuery hard = gt.oxfordQueries(Setting.HARD).getFirst();
        assertThat(hard.positives()).containsExactlyInAnyOrder("e");
        assertThat(hard.junk()).containsExactlyInAnyOrder("a", "b", "c");

        // q0 ranks e b a d c f; q1 ranks a d ...
        Map<String, List<String>> rankings = Map.of(
                "q0", List.of("e", "b", "a", "d", "c", "f"),
                "q1", List.of("a", "d", "b", "c", "e", "f"));
        Map<Setting, EvalReport> r = gt.score(rankings);
        // revisitop compute_ap: positives at (junk-free) ranks r_j, AP = sum_j (j/r_j + (j+1)/(r_j+1)) / 2 / n
        double q0Easy = revisitopAp(new int[] {0, 2}, 2); // a d c f: a at 0, c at 2
        double q0Medium = revisitopAp(new int[] {0, 1, 3}, 3); // e a d c f: e 0, a 1, c 3
        double q0Hard = revisitopAp(new int[] {0}, 1); // e d f
        double q1 = revisitopAp(new int[] {1}, 1); // a d ...: d at 1
        assertThat(r.get(Setting.EASY).results()).extracting(QueryResult::name).containsExactly("q0", "q1");
        assertThat(r.get(Setting.EASY).mAP()).isCloseTo((q0Easy + q1) / 2, within(1e-12));
        assertThat(r.get(Setting.MEDIUM).mAP()).isCloseTo((q0Medium + q1) / 2, within(1e-12));
        // q1 has no hard positives: left out of the Hard mean, as revisitop does.
        assertThat(r.get(Setting.HARD).results()).extracting(QueryResult::name).containsExactly("q0");
        assertThat(r.get(Setting.HARD).mAP()).isCloseTo(q0Hard, within(1e-12));
        assertThat(q0Easy).isCloseTo((1 + 1) / 2.0 / 2 + (1.0 / 2 + 2.0 / 3) / 2 / 2, within(1e-12));
    }

    /** revisitop's compute_ap, transcribed: ranks are the junk-free 0-based positions of the positives. */
    static double revisitopAp(int[] ranks, int nres) {
        double ap = 0;
        for (int j = 0; j < ranks.length; j++) {
            double p0 = ranks[j] == 0 ? 1 : (double) j / ranks[j];
            double p1 = (double) (j + 1) / (ranks[j] + 1);
            ap += (p0 + p1) / nres / 2;
        }
        return ap;
    }

    @Test
    void acceptsTuplesAndMissingJunkAndRejectsWhatIsNotAGroundTruth() throws Exception {
        Map<String, Object> g = new HashMap<>();
        g.put("bbx", new Object[] {1, 2, 3, 4});
        g.put("easy", List.of(0));
        g.put("hard", new int[] {1});
        RevisitedGroundTruth gt = RevisitedGroundTruth.read(
                new ByteArrayInputStream(pickle(List.of("x", "y"), List.of("q"), List.of(g))));
        assertThat(gt.queries().getFirst().junk()).isEmpty();
        assertThat(gt.queries().getFirst().hard()).containsExactly(1);

        assertThatThrownBy(() -> RevisitedGroundTruth.read(new ByteArrayInputStream(new Pickler().dumps(List.of(1)))))
                .hasMessageContaining("expected a dict");
        assertThatThrownBy(() -> RevisitedGroundTruth.read(new ByteArrayInputStream(pickle(
                        List.of("x"),
                        List.of("q"),
                        List.of(gnd(List.of(0.0, 0.0, 1.0, 1.0), List.of(5), List.of(), List.of()))))))
                .hasMessageContaining("index 5 outside imlist");
        Path notPickle = tmp.resolve("gnd.pkl");
        Files.writeString(notPickle, "<html>404</html>");
        assertThatThrownBy(() -> RevisitedGroundTruth.load(notPickle)).isInstanceOf(IOException.class);
    }

    /**
     * Three queries of the real Paris subset (two landmarks, 100 photos), their Oxford ground truth written as a
     * revisitop pickle: with hard empty, Easy and Medium are the Oxford mAP of the same ranking exactly; with every
     * other positive moved to hard, Medium still is, and Easy / Hard are the Oxford AP of the split sets.
     */
    @Test
    void onRealPhotosMediumIsTheOxfordMapOfTheSameRanking() throws Exception {
        List<OxfordQuery> oxford = OxfordGroundTruth.load(SharedData.parisGroundTruth()).stream()
                .filter(q -> Set.of("defense_4", "defense_5", "eiffel_3").contains(q.name()))
                .toList();
        assertThat(oxford).hasSize(3);
        List<String> imlist;
        try (Stream<Path> files = Files.list(SharedData.parisImages())) {
            imlist = files.map(f -> f.getFileName().toString().replace(".jpg", ""))
                    .filter(n -> n.startsWith("paris_defense_") || n.startsWith("paris_eiffel_"))
                    .sorted()
                    .toList();
        }
        List<Map<String, Object>> noHard = new ArrayList<>();
        List<Map<String, Object>> halfHard = new ArrayList<>();
        for (OxfordQuery q : oxford) {
            List<Double> bbx = List.of(q.x1(), q.y1(), q.x2(), q.y2());
            List<Integer> positives = indices(imlist, q.positives());
            List<Integer> easy = new ArrayList<>();
            List<Integer> hard = new ArrayList<>();
            for (int i = 0; i < positives.size(); i++) {
                (i % 2 == 0 ? easy : hard).add(positives.get(i));
            }
            noHard.add(gnd(bbx, positives, List.of(), indices(imlist, q.junk())));
            halfHard.add(gnd(bbx, easy, hard, indices(imlist, q.junk())));
        }
        List<String> qimlist = oxford.stream().map(OxfordQuery::imageName).toList();
        RevisitedGroundTruth plain =
                RevisitedGroundTruth.read(new ByteArrayInputStream(pickle(imlist, qimlist, noHard)));
        RevisitedGroundTruth split =
                RevisitedGroundTruth.read(new ByteArrayInputStream(pickle(imlist, qimlist, halfHard)));

        int threads = Runtime.getRuntime().availableProcessors();
        try (OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), threads);
                DescriptorExtractor extractor =
                        new DescriptorExtractor(backbone, "features_17", new RMac(3), 512, threads)) {
            List<OxfordQuery> revisited = plain.oxfordQueries(Setting.MEDIUM);
            OxfordEvaluation.Descriptors d = new OxfordEvaluation(new ImageDecoder(ImageLimits.defaults()), extractor)
                    .describe(SharedData.parisImages(), imlist, revisited);
            assertThat(d.names()).isEqualTo(imlist);
            Map<String, List<String>> rankings = d.rank(PostProcessing.none(), revisited);
            Map<String, List<String>> byOxfordName = new HashMap<>();
            for (int i = 0; i < oxford.size(); i++) {
                byOxfordName.put(
                        oxford.get(i).name(), rankings.get(revisited.get(i).name()));
            }
            double oxfordMap = oxford.stream()
                    .mapToDouble(q -> AveragePrecision.oxford(byOxfordName.get(q.name()), q.positives(), q.junk()))
                    .average()
                    .orElseThrow();

            Map<Setting, EvalReport> p = plain.score(rankings);
            Map<Setting, EvalReport> s = split.evaluate(d, PostProcessing.none(), split.oxfordQueries(Setting.MEDIUM));
            log.info(
                    "revisited on 3 Paris queries: oxford {} | hard empty E {} M {} | half hard E {} M {} H {}",
                    oxfordMap,
                    p.get(Setting.EASY).mAP(),
                    p.get(Setting.MEDIUM).mAP(),
                    s.get(Setting.EASY).mAP(),
                    s.get(Setting.MEDIUM).mAP(),
                    s.get(Setting.HARD).mAP());
            assertThat(oxfordMap).isGreaterThan(0.5);
            assertThat(p.get(Setting.MEDIUM).mAP()).isEqualTo(oxfordMap);
            assertThat(p.get(Setting.EASY).mAP()).isEqualTo(oxfordMap);
            assertThat(p.get(Setting.HARD).results()).isEmpty();
            assertThat(s.get(Setting.MEDIUM).mAP()).isEqualTo(oxfordMap);
            double easy = 0;
            double hard = 0;
            for (int i = 0; i < oxford.size(); i++) {
                RevisitedGroundTruth.Query q = split.queries().get(i);
                List<String> ranking = byOxfordName.get(oxford.get(i).name());
                easy += AveragePrecision.oxford(
                        ranking, names(imlist, q.easy()), union(names(imlist, q.junk()), names(imlist, q.hard())));
                hard += AveragePrecision.oxford(
                        ranking, names(imlist, q.hard()), union(names(imlist, q.junk()), names(imlist, q.easy())));
            }
            assertThat(s.get(Setting.EASY).mAP()).isCloseTo(easy / 3, within(1e-12));
            assertThat(s.get(Setting.HARD).mAP()).isCloseTo(hard / 3, within(1e-12));
        }
    }

    private static List<Integer> indices(List<String> imlist, Set<String> names) {
        return new TreeSet<>(names)
                .stream()
                        .map(imlist::indexOf)
                        .peek(i -> assertThat(i).isNotNegative())
                        .toList();
    }

    private static Set<String> names(List<String> imlist, List<Integer> indices) {
        Set<String> out = new TreeSet<>();
        indices.forEach(i -> out.add(imlist.get(i)));
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
