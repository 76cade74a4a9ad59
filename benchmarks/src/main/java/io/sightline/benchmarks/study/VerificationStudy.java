package io.sightline.benchmarks.study;

import io.sightline.backbone.ExtractionException;
import io.sightline.backbone.FeatureMap;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.descriptor.MultiScale;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import io.sightline.verify.BackboneLocalFeatures;
import io.sightline.verify.DegradedCopy;
import io.sightline.verify.FeatureMapKeypoints;
import io.sightline.verify.GeometricVerifier;
import io.sightline.verify.LocalFeatureExtractor;
import io.sightline.verify.LocalFeatures;
import io.sightline.verify.PointMatch;
import io.sightline.verify.SurfLocalFeatures;
import io.sightline.verify.Verification;
import io.sightline.verify.VerifierParams;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures geometric verification on the Paris subset; a measurement tool, not a test. Pairs are each image's
 * top-20 neighbours by the default global descriptor (features_17 R-MAC L=3, longest side 512): the pairs a
 * re-ranker would see. Same landmark = both images are positives (good/ok) of that landmark's queries; different =
 * different landmark names; other same-name pairs are left out. For each extractor it reports ROC AUC of inlier
 * counts (database vs database, and a query view vs database: 80% centre crop, longest side 320, grey), inlier
 * distributions, median ms per extraction and per pair, bytes per image, and the view-vs-own-original check.
 * Writes {@code target/verification-study.md}. Run (see retrieval-core/docs/verification-study.md):
 * {@code java -cp <test class path> --add-modules jdk.incubator.vector -Dai.djl.offline=true
 * -Dsightline.shared=/work/shared io.sightline.verify.VerificationStudy [config names...]}
 */
public final class VerificationStudy {

    private static final int NEIGHBOURS = 20;
    private static final int THREADS = 2;
    private static final Path OUT = Path.of("target/verification-study.md");

    private record Config(
            String name, LocalFeatureExtractor extractor, VerifierParams params, String layer, int side, int max) {}

    private record Pair(int a, int b, double global, boolean same) {}

    private record Extracted(
            List<LocalFeatures> features,
            List<LocalFeatures> views,
            List<DegradedCopy> viewGeometry,
            double msPerImage,
            double msMarginal,
            double bytesPerImage,
            double keypoints) {}

    private final List<String> names = new ArrayList<>();
    private final Map<String, Set<String>> positivesByLandmark = new HashMap<>();
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
    private final OnnxBackbone backbone;
    private final StringBuilder report = new StringBuilder();

    private VerificationStudy() throws Exception {
        try (var files = Files.list(SharedData.parisImages())) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jpg"))
                    .sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        }
        for (OxfordQuery q : OxfordGroundTruth.load(SharedData.parisGroundTruth())) {
            positivesByLandmark
                    .computeIfAbsent(landmark(q.name()), k -> new HashSet<>())
                    .addAll(q.positives());
        }
        backbone = new OnnxBackbone(
                SharedData.backboneOnnx(),
                List.of("features_13", "features_17"),
                1,
                io.sightline.backbone.ImageNetNormalizer.imagenet(),
                Map.of("intraOpNumThreads", "1"));
    }

    private static String landmark(String name) {
        String s = name.startsWith("paris_") ? name.substring(6) : name;
        return s.substring(0, s.indexOf('_'));
    }

    private BufferedImage load(int i) throws Exception {
        return decoder.decode(Files.readAllBytes(SharedData.parisImage(names.get(i))));
    }

    public static void main(String[] args) throws Exception {
        VerificationStudy s = new VerificationStudy();
        try {
            s.run(Set.of(args));
        } finally {
            s.backbone.close();
        }
    }

    private List<Config> configs() {
        LocalFeatureExtractor f13 = new BackboneLocalFeatures(backbone, "features_13", 512, 1000);
        LocalFeatureExtractor f17 = new BackboneLocalFeatures(backbone, "features_17", 512, 1000);
        LocalFeatureExtractor surf = new SurfLocalFeatures(640, 1000);
        return List.of(
                new Config("cnn-f13-512", f13, VerifierParams.cells(16, 512), "features_13", 512, 1000),
                new Config("surf-640-n1000", surf, VerifierParams.surf(), null, 640, 1000),
                new Config(
                        "cnn-f13-512-r0.9",
                        f13,
                        VerifierParams.cells(16, 512).withRatio(0.9),
                        "features_13",
                        512,
                        1000),
                new Config("surf-640-n300", new SurfLocalFeatures(640, 300), VerifierParams.surf(), null, 640, 300),
                new Config("cnn-f17-512", f17, VerifierParams.cells(32, 512), "features_17", 512, 1000),
                new Config(
                        "surf-640-n1000-affine",
                        surf,
                        VerifierParams.surf().withModel(VerifierParams.Model.AFFINE),
                        null,
                        640,
                        1000),
                new Config(
                        "cnn-f13-512-n300",
                        new BackboneLocalFeatures(backbone, "features_13", 512, 300),
                        VerifierParams.cells(16, 512),
                        "features_13",
                        512,
                        300));
    }

    private void run(Set<String> only) throws Exception {
        List<Pair> pairs = pairs();
        long same = pairs.stream().filter(Pair::same).count();
        line(
                "Pairs: %d (top-%d global neighbours, unordered): %d same landmark, %d different landmark",
                pairs.size(), NEIGHBOURS, same, pairs.size() - same);
        line("");
        line(
                "| extractor | kp/img | bytes/img | ms/extract | ms marginal | ms/pair | AUC db | AUC view | same p10/p50/p90 | diff p50/p99/max | t (FPR<=1%%): TPR db, view | self view inliers p10/p50, err px p50 | confusable: n, global, verified db, view |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        Map<String, Extracted> cache = new HashMap<>();
        for (Config c : configs()) {
            if (!only.isEmpty() && !only.contains(c.name())) {
                continue;
            }
            String key = c.extractor().name();
            Extracted ex = cache.get(key);
            if (ex == null) {
                ex = extract(c);
                cache.put(key, ex);
            }
            measure(c, ex, pairs);
        }
        line("");
        histograms.forEach(h -> line("%s", h));
        System.out.println("written " + OUT.toAbsolutePath());
    }

    private List<Pair> pairs() throws Exception {
        long t0 = System.nanoTime();
        List<float[]> global = new ArrayList<>();
        try (OnnxBackbone b17 = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1);
                DescriptorExtractor ex = new DescriptorExtractor(
                        b17,
                        GlobalHead.of("features_17", new RMac(3)),
                        512,
                        MultiScale.single(),
                        Optional.empty(),
                        1)) {
            for (int i = 0; i < names.size(); i++) {
                global.add(ex.extract(load(i)));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "global descriptors of %d images in %.1f s%n",
                names.size(),
                (System.nanoTime() - t0) / 1e9);
        TreeSet<Long> seen = new TreeSet<>();
        List<Pair> pairs = new ArrayList<>();
        int excluded = 0;
        for (int i = 0; i < names.size(); i++) {
            Integer[] order = new Integer[names.size()];
            double[] sim = new double[names.size()];
            for (int j = 0; j < names.size(); j++) {
                order[j] = j;
                sim[j] = dot(global.get(i), global.get(j));
            }
            int self = i;
            Arrays.sort(order, (x, y) -> Double.compare(sim[y], sim[x]));
            int taken = 0;
            for (int k = 0; k < order.length && taken < NEIGHBOURS; k++) {
                int j = order[k];
                if (j == self) {
                    continue;
                }
                taken++;
                int a = Math.min(i, j);
                int b = Math.max(i, j);
                if (!seen.add((long) a * 100_000 + b)) {
                    continue;
                }
                Boolean same = label(a, b);
                if (same == null) {
                    excluded++;
                } else {
                    pairs.add(new Pair(a, b, sim[j], same));
                }
            }
        }
        line("Same-name pairs left out (an image not a positive of its landmark's queries): %d", excluded);
        return pairs;
    }

    /** True: same landmark, both positives; false: different landmarks; null: undecided. */
    private Boolean label(int a, int b) {
        String la = landmark(names.get(a));
        String lb = landmark(names.get(b));
        if (!la.equals(lb)) {
            return false;
        }
        Set<String> pos = positivesByLandmark.getOrDefault(la, Set.of());
        return pos.contains(names.get(a)) && pos.contains(names.get(b)) ? Boolean.TRUE : null;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private Extracted extract(Config c) throws Exception {
        List<LocalFeatures> features = new ArrayList<>();
        List<LocalFeatures> views = new ArrayList<>();
        List<DegradedCopy> geometry = new ArrayList<>();
        double[] ms = new double[names.size()];
        double[] marginal = new double[names.size()];
        double[] bytes = new double[names.size()];
        double[] kp = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            BufferedImage img = load(i);
            long t0 = System.nanoTime();
            LocalFeatures f = c.extractor().extract(img);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            features.add(f);
            bytes[i] = f.toBytes().length;
            kp[i] = f.size();
            if (c.layer() != null) {
                marginal[i] = marginalMs(img, c);
            }
            DegradedCopy v = DegradedCopy.of(img, 0.8, 320, true);
            geometry.add(v);
            views.add(c.extractor().extract(v.image()));
        }
        return new Extracted(
                features,
                views,
                geometry,
                median(ms),
                c.layer() == null ? Double.NaN : median(marginal),
                median(bytes),
                median(kp));
    }

    /** The cost of selecting keypoints from maps the global descriptor's pass already produced. */
    private double marginalMs(BufferedImage img, Config c) throws ExtractionException {
        BufferedImage r = Images.resizeLongestSide(img, c.side());
        FeatureMap map = backbone.extract(r).get(c.layer());
        long t0 = System.nanoTime();
        FeatureMapKeypoints.select(map, r.getWidth(), r.getHeight(), img.getWidth(), img.getHeight(), c.max());
        return (System.nanoTime() - t0) / 1e6;
    }

    private void measure(Config c, Extracted ex, List<Pair> pairs) throws Exception {
        GeometricVerifier verifier = new GeometricVerifier(c.params());
        int n = pairs.size();
        int[] db = new int[n];
        int[] view = new int[n];
        double[] ms = new double[n];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                int idx = p;
                futures.add(pool.submit(() -> {
                    Pair pr = pairs.get(idx);
                    long t0 = System.nanoTime();
                    db[idx] = verifier.verify(
                                    ex.features().get(pr.a()), ex.features().get(pr.b()))
                            .inliers();
                    ms[idx] = (System.nanoTime() - t0) / 1e6;
                    view[idx] = verifier.verify(
                                    ex.views().get(pr.a()), ex.features().get(pr.b()))
                            .inliers();
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double[] selfInliers = new double[names.size()];
        List<Double> errors = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Verification v = verifier.verify(ex.views().get(i), ex.features().get(i));
            selfInliers[i] = v.inliers();
            DegradedCopy g = ex.viewGeometry().get(i);
            for (PointMatch m : v.matches()) {
                errors.add(Math.hypot(g.originalX(m.ax()) - m.bx(), g.originalY(m.ay()) - m.by()));
            }
        }
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        List<Integer> posView = new ArrayList<>();
        List<Integer> negView = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            (pairs.get(p).same() ? pos : neg).add(db[p]);
            (pairs.get(p).same() ? posView : negView).add(view[p]);
        }
        int t = threshold(neg, negView);
        double[] conf = confusableAccuracy(pairs, db, view);
        line(
                "| %s (%s, %s tol %.4f, ratio %.2f) | %.0f | %.0f | %.1f | %s | %.2f | %.3f | %.3f | %s | %s | %d: %.2f, %.2f | %.0f/%.0f, %.1f | %.0f, %.3f, %.3f, %.3f |",
                c.name(),
                c.extractor().name(),
                c.params().model(),
                c.params().tolerance(),
                c.params().ratio(),
                ex.keypoints(),
                ex.bytesPerImage(),
                ex.msPerImage(),
                Double.isNaN(ex.msMarginal()) ? "-" : String.format(Locale.ROOT, "%.2f", ex.msMarginal()),
                median(ms),
                auc(pos, neg),
                auc(posView, negView),
                pct(pos, 10) + "/" + pct(pos, 50) + "/" + pct(pos, 90),
                pct(neg, 50) + "/" + pct(neg, 99) + "/" + pct(neg, 100),
                t,
                frac(pos, t),
                frac(posView, t),
                percentile(selfInliers, 10),
                percentile(selfInliers, 50),
                errors.isEmpty()
                        ? Double.NaN
                        : percentile(
                                errors.stream().mapToDouble(Double::doubleValue).toArray(), 50),
                conf[0],
                conf[1],
                conf[2],
                conf[3]);
        histogram(c.name(), pos, neg);
        StringBuilder tsv = new StringBuilder("a\tb\tglobal\tsame\tinliers_db\tinliers_view_a\n");
        for (int p = 0; p < n; p++) {
            Pair pr = pairs.get(p);
            tsv.append(names.get(pr.a()))
                    .append('\t')
                    .append(names.get(pr.b()))
                    .append('\t')
                    .append(String.format(Locale.ROOT, "%.5f", pr.global()))
                    .append('\t')
                    .append(pr.same())
                    .append('\t')
                    .append(db[p])
                    .append('\t')
                    .append(view[p])
                    .append('\n');
        }
        Files.writeString(Path.of("target/verification-pairs-" + c.name() + ".tsv"), tsv);
        confusable(c, pairs, db);
    }

    /**
     * The re-ranking decision itself: for an image q, a wrong-landmark neighbour w and a right-landmark one r whose
     * global scores differ by at most 0.02, does verification rank r above w (ties count half)? Returns {count,
     * accuracy of the global score, of database inliers, of query-view inliers (triples where q is the view)}.
     */
    private static double[] confusableAccuracy(List<Pair> pairs, int[] db, int[] view) {
        Map<Integer, List<Integer>> byImage = new HashMap<>();
        for (int p = 0; p < pairs.size(); p++) {
            byImage.computeIfAbsent(pairs.get(p).a(), k -> new ArrayList<>()).add(p);
            byImage.computeIfAbsent(pairs.get(p).b(), k -> new ArrayList<>()).add(p);
        }
        double n = 0;
        double global = 0;
        double verified = 0;
        double nView = 0;
        double verifiedView = 0;
        for (var e : byImage.entrySet()) {
            int q = e.getKey();
            for (int w : e.getValue()) {
                for (int r : e.getValue()) {
                    Pair pw = pairs.get(w);
                    Pair pr = pairs.get(r);
                    if (pw.same() || !pr.same() || Math.abs(pw.global() - pr.global()) > 0.02) {
                        continue;
                    }
                    n++;
                    global += pr.global() > pw.global() ? 1 : pr.global() == pw.global() ? 0.5 : 0;
                    verified += db[r] > db[w] ? 1 : db[r] == db[w] ? 0.5 : 0;
                    if (pw.a() == q && pr.a() == q) {
                        nView++;
                        verifiedView += view[r] > view[w] ? 1 : view[r] == view[w] ? 0.5 : 0;
                    }
                }
            }
        }
        return new double[] {n, global / n, verified / n, nView == 0 ? Double.NaN : verifiedView / nView};
    }

    /** Smallest inlier count that at most 1% of different-landmark pairs (database and view) reach. */
    private static int threshold(List<Integer> neg, List<Integer> negView) {
        for (int t = 1; ; t++) {
            if (frac(neg, t) <= 0.01 && frac(negView, t) <= 0.01) {
                return t;
            }
        }
    }

    private void histogram(String name, List<Integer> pos, List<Integer> neg) {
        int[] edges = {0, 1, 4, 6, 8, 10, 12, 15, 20, 30, 50, 100};
        StringBuilder h = new StringBuilder("  inliers histogram " + name + " (bin: same/diff):");
        for (int e = 0; e < edges.length; e++) {
            int lo = edges[e];
            int hi = e + 1 < edges.length ? edges[e + 1] : Integer.MAX_VALUE;
            long ps = pos.stream().filter(v -> v >= lo && v < hi).count();
            long ng = neg.stream().filter(v -> v >= lo && v < hi).count();
            h.append(' ')
                    .append(lo)
                    .append(hi == Integer.MAX_VALUE ? "+" : "-" + (hi - 1))
                    .append(':')
                    .append(ps)
                    .append('/')
                    .append(ng);
        }
        System.out.println(h);
        histograms.add(h.toString());
    }

    private final List<String> histograms = new ArrayList<>();

    /** Prints database images whose wrong-landmark neighbour scores within 0.01 of a right-landmark one. */
    private void confusable(Config c, List<Pair> pairs, int[] db) {
        Map<Integer, List<Integer>> byImage = new HashMap<>();
        for (int p = 0; p < pairs.size(); p++) {
            byImage.computeIfAbsent(pairs.get(p).a(), k -> new ArrayList<>()).add(p);
            byImage.computeIfAbsent(pairs.get(p).b(), k -> new ArrayList<>()).add(p);
        }
        int shown = 0;
        for (var e : byImage.entrySet()) {
            for (int wrong : e.getValue()) {
                for (int right : e.getValue()) {
                    Pair w = pairs.get(wrong);
                    Pair r = pairs.get(right);
                    if (!w.same()
                            && r.same()
                            && w.global() >= r.global()
                            && w.global() - r.global() < 0.01
                            && db[right] >= 25
                            && db[wrong] <= 6
                            && shown < 8) {
                        int q = e.getKey();
                        System.out.printf(
                                Locale.ROOT,
                                "  confusable %s: query %s wrong %s (%.4f, %d inliers) right %s (%.4f, %d inliers)%n",
                                c.name(),
                                names.get(q),
                                names.get(w.a() == q ? w.b() : w.a()),
                                w.global(),
                                db[wrong],
                                names.get(r.a() == q ? r.b() : r.a()),
                                r.global(),
                                db[right]);
                        shown++;
                    }
                }
            }
        }
    }

    private static double auc(List<Integer> pos, List<Integer> neg) {
        double wins = 0;
        for (int p : pos) {
            for (int q : neg) {
                wins += p > q ? 1 : p == q ? 0.5 : 0;
            }
        }
        return wins / ((double) pos.size() * neg.size());
    }

    private static double frac(List<Integer> v, int t) {
        return v.stream().filter(x -> x >= t).count() / (double) v.size();
    }

    private static int pct(List<Integer> v, double p) {
        return (int) percentile(v.stream().mapToDouble(Integer::doubleValue).toArray(), p);
    }

    private static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1));
        return s[i];
    }

    private static double median(double[] v) {
        return percentile(v, 50);
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.append(s).append('\n');
        try {
            Files.createDirectories(OUT.getParent());
            Files.writeString(OUT, report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + OUT, e);
        }
    }
}
