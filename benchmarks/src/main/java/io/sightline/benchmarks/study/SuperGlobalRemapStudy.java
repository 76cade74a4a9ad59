package io.sightline.benchmarks.study;

import io.sightline.backbone.FeatureMap;
import io.sightline.backbone.ImageNetNormalizer;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.benchmarks.study.LooStudy.Desc;
import io.sightline.benchmarks.study.LooStudy.Pooler;
import io.sightline.descriptor.MultiScale;
import io.sightline.eval.EvalReport;
import io.sightline.eval.LandmarkSplit;
import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.eval.LooReport;
import io.sightline.eval.OxfordQuery;
import io.sightline.eval.PostProcessing;
import io.sightline.eval.QueryResult;
import io.sightline.eval.QueryView;
import io.sightline.expansion.AverageQueryExpansion;
import io.sightline.expansion.SuperGlobalRerank;
import io.sightline.expansion.ThresholdedQueryExpansion;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.Gem;
import io.sightline.pooling.RMac;
import io.sightline.pooling.Region;
import io.sightline.pooling.RegionGrid;
import io.sightline.pooling.RegionVectors;
import io.sightline.pooling.Remap;
import io.sightline.pooling.RemapWeightLearner;
import io.sightline.pooling.RemapWeights;
import io.sightline.pooling.Vectors;
import io.sightline.verify.LocalFeatures;
import io.sightline.whitening.Centring;
import io.sightline.whitening.Whitening;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * SuperGlobal's training-free parts and REMAP on the leave-one-out protocol, next to the default (issue 21): the
 * {@link LooStudy} machinery (one backbone pass per input and scale, every head pooled from the same maps, loo
 * ground truth and views, bootstrap intervals) with these heads on the default's layer, features_17:
 *
 * <ul>
 *   <li>{@code rmac17}: the default's R-MAC (max in each region);
 *   <li>{@code rgem17}: Regional-GeM as issue 21 words it: GeM (p 3) instead of max inside each R-MAC region;
 *   <li>{@code gem17}: plain GeM (p 3), and {@code sgf-gem17} / {@code sgf-rmac17}: GeM or R-MAC after the
 *       authors' Regional-GeM filter (each cell replaced by the mean of itself and the L^2.5 mean of its 5x5
 *       neighbourhood, reflection-padded; on max(x, 0), since features_17 is signed);
 *   <li>per-level sums of R-MAC region vectors on features_13, _17 and _18, from which {@link Remap} is built.
 * </ul>
 *
 * Scale-GeM is {@link MultiScale} with power 3 (or 10) instead of the sum. SuperGlobal's re-ranking is
 * {@link SuperGlobalRerank} (M 400, K 9, beta 0.15). REMAP's KL weights ({@link RemapWeightLearner}) need labels:
 * they are learned leave-one-landmark-out (each ground-truth landmark's queries, triomphe's included, scored with
 * weights learned on the photos of the other landmarks, at the 512-px scale) and the folds pooled. Every row carries
 * its loo difference from the default (paired on the same query photos). Centring is the default's: the mean of the
 * 250 database descriptors (as `fit --whiten centre` learns it on the collection it serves). Writes
 * {@code target/loo-study-superglobal-remap.md}.
 */
public final class SuperGlobalRemapStudy {

    private static final List<String> LAYERS = List.of("features_13", "features_17", "features_18");
    private static final int LEVELS = 3;
    private static final int[] MS3 = {0, 1, 2};
    private static final PostProcessing SG =
            PostProcessing.none().withSuperGlobal(Optional.of(SuperGlobalRerank.paper()));
    /** The default's post-processing (search.query.expansion=avg:5:0.2, no DBA), without verification. */
    private static final PostProcessing AVG5 =
            new PostProcessing(new ThresholdedQueryExpansion(new AverageQueryExpansion(5), 0.2), Optional.empty());

    private final LooStudy study;
    private LooReport defaultReport;
    private LooReport lastReport;

    private SuperGlobalRemapStudy(LooStudy study) {
        this.study = study;
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path cache = Path.of(System.getProperty("loo.cache", "target/loo-superglobal-cache.bin"));
        SuperGlobalRemapStudy s = new SuperGlobalRemapStudy(LooStudy.open(LAYERS, heads(), cache));
        System.out.printf(Locale.ROOT, "pooled inputs ready in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        StringBuilder md = new StringBuilder();
        md.append(s.table());
        md.append('\n').append(s.descriptorCost());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/loo-study-superglobal-remap.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.printf(Locale.ROOT, "total %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    // ---------------------------------------------------------------- heads

    static Map<String, Pooler> heads() {
        Map<String, Pooler> h = new LinkedHashMap<>();
        h.put("rmac17", Pooler.unit("features_17", new RMac(LEVELS)));
        h.put("gem17", Pooler.unit("features_17", new Gem(3)));
        h.put("rgem17", maps -> regionalGem(maps.get("features_17"), 3));
        h.put("sgf-gem17", maps -> Vectors.l2normalize(new Gem(3).pool(sgFilter(maps.get("features_17")))));
        h.put("sgf-rmac17", maps -> new RMac(LEVELS).pool(sgFilter(maps.get("features_17"))));
        for (String layer : LAYERS) {
            for (int level = 0; level <= LEVELS; level++) {
                int l = level;
                h.put(levelHead(layer, level), maps -> levelSum(RegionVectors.of(maps.get(layer), LEVELS), l));
            }
        }
        return h;
    }

    private static String levelHead(String layer, int level) {
        return layer + "/level" + level;
    }

    /** The R-MAC regions, each GeM-pooled (power p) instead of max-pooled, unit, summed, L2 ({@link RMac}). */
    static float[] regionalGem(FeatureMap map, double p) {
        List<Region> regions = RegionGrid.tolias(map.height(), map.width(), LEVELS);
        Gem gem = new Gem(p);
        List<float[]> vs = new ArrayList<>(regions.size());
        for (Region r : regions) {
            vs.add(Vectors.l2normalize(gem.pool(crop(map, r))));
        }
        return new RMac(LEVELS).aggregate(new RegionVectors(vs, new int[vs.size()], LEVELS));
    }

    private static FeatureMap crop(FeatureMap map, Region r) {
        int c = map.channels();
        float[] out = new float[c * r.height() * r.width()];
        int i = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                int row = (ch * map.height() + y) * map.width();
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    out[i++] = map.data()[row + x];
                }
            }
        }
        return new FeatureMap(map.layer(), c, r.height(), r.width(), out);
    }

    /**
     * SuperGlobal's Regional-GeM filter (the authors' {@code rgem}: p 2.5, 5x5, reflection padding): each cell
     * becomes {@code 0.5 * (mean over its 5x5 neighbourhood of x^2.5)^(1/2.5) + 0.5 * x}, on {@code max(x, 0)}.
     */
    static FeatureMap sgFilter(FeatureMap map) {
        double p = 2.5;
        int size = 5;
        int pad = (size - 1) / 2;
        int h = map.height();
        int w = map.width();
        float[] in = map.data();
        double[] powered = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            powered[i] = Math.pow(Math.max(in[i], 0), p);
        }
        float[] out = new float[in.length];
        for (int ch = 0; ch < map.channels(); ch++) {
            int base = ch * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int dy = -pad; dy <= pad; dy++) {
                        int row = base + reflect(y + dy, h) * w;
                        for (int dx = -pad; dx <= pad; dx++) {
                            sum += powered[row + reflect(x + dx, w)];
                        }
                    }
                    double lp = Math.pow(sum / (size * size), 1 / p);
                    out[base + y * w + x] = (float) (0.5 * lp + 0.5 * Math.max(in[base + y * w + x], 0));
                }
            }
        }
        return new FeatureMap(map.layer(), map.channels(), h, w, out);
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int r = i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
        return Math.max(0, Math.min(n - 1, r));
    }

    /** Sum of the unit region vectors of one grid level (zeros where the map has no region of that level). */
    private static float[] levelSum(RegionVectors rv, int level) {
        float[] sum = new float[rv.dimension()];
        for (int i = 0; i < rv.vectors().size(); i++) {
            if (rv.levels()[i] == level) {
                Vectors.addTo(sum, rv.vectors().get(i));
            }
        }
        return sum;
    }

    /**
     * The region vectors of one input, scale and layer, one summed vector per level: what {@link Remap} and
     * {@link RemapWeightLearner} compute from (both sum a level's unit region vectors before anything else).
     */
    private Map<String, RegionVectors> regionMap(float[][][] p, int scale, List<String> layers) {
        Map<String, RegionVectors> m = new LinkedHashMap<>();
        for (String layer : layers) {
            List<float[]> vs = new ArrayList<>();
            List<Integer> lv = new ArrayList<>();
            for (int level = 0; level <= LEVELS; level++) {
                float[] v = p[study.head(levelHead(layer, level))][scale];
                if (Vectors.norm(v) > 0) {
                    vs.add(v);
                    lv.add(level);
                }
            }
            m.put(
                    layer,
                    new RegionVectors(
                            vs, lv.stream().mapToInt(Integer::intValue).toArray(), LEVELS));
        }
        return m;
    }

    private Function<float[][][], float[]> remap(List<String> layers, RemapWeights weights) {
        Remap head = new Remap(layers, LEVELS, weights, Optional.empty());
        List<Double> factors = new ArrayList<>();
        for (int s : MS3) {
            factors.add(LooStudy.SCALES[s]);
        }
        MultiScale ms = new MultiScale(factors, 1);
        return p -> {
            List<float[]> per = new ArrayList<>();
            for (int s : MS3) {
                per.add(head.aggregate(regionMap(p, s, layers)));
            }
            return ms.combineNormalised(per);
        };
    }

    // ---------------------------------------------------------------- configurations

    /** A descriptor scored on some queries: all of them, or one landmark's with what was learned without it. */
    private record Fold(Function<float[][][], float[]> descriptor, List<LooQuery> loo, List<OxfordQuery> oxford) {}

    private record Config(String descriptor, String scales, String learned, List<Fold> folds) {}

    private record Post(
            String name,
            BiFunction<List<float[]>, List<LocalFeatures>, PostProcessing.Ranker> eval,
            Function<List<float[]>, PostProcessing.Ranker> timed) {}

    private Config fixed(String descriptor, String scales, Function<float[][][], float[]> d) {
        return new Config(descriptor, scales, "-", List.of(new Fold(d, study.loo, study.oxford)));
    }

    private Config desc(String head, double power) {
        String scales = power == 1 ? "3, sum" : "3, gem:" + (power == Math.rint(power) ? "" + (int) power : power);
        return fixed(head, scales, new Desc(head, study.head(head), MS3, power)::of);
    }

    private List<Config> configs() {
        List<Config> out = new ArrayList<>();
        out.add(desc("rmac17", 1));
        out.add(desc("rmac17", 3));
        out.add(desc("rmac17", 10));
        out.add(desc("rgem17", 1));
        out.add(desc("rgem17", 3));
        out.add(desc("gem17", 1));
        out.add(desc("gem17", 3));
        out.add(desc("sgf-gem17", 3));
        out.add(desc("sgf-rmac17", 1));
        for (List<String> layers : List.of(List.of("features_17", "features_18"), LAYERS)) {
            String tag = "remap "
                    + String.join("+", layers.stream().map(l -> l.substring(9)).toList());
            out.add(fixed(tag + " uniform", "3, sum", remap(layers, RemapWeights.uniform(layers, LEVELS))));
            out.add(new Config(tag + " KL", "3, sum", "leave-one-landmark-out", remapFolds(layers)));
        }
        return out;
    }

    /**
     * REMAP with KL weights, one fold per landmark of the ground truth: learned on the photos of the other
     * landmarks, at 512 px, and scored on the held-out landmark's loo and Oxford queries. A photo's label is the
     * landmark whose positive it is (Paris 6k names a few Arc de Triomphe photos {@code paris_defense_*}), else its
     * name's landmark; a fold leaves out every photo with the held-out label or name.
     */
    private List<Fold> remapFolds(List<String> layers) {
        Map<String, String> byGroundTruth = new LinkedHashMap<>();
        study.loo.forEach(q -> byGroundTruth.put(q.imageName(), q.landmark()));
        Function<String, String> label = n -> byGroundTruth.getOrDefault(n, LandmarkSplit.landmark(n));
        TreeSet<String> landmarks = new TreeSet<>(byGroundTruth.values());
        List<Fold> folds = new ArrayList<>();
        for (String held : landmarks) {
            List<String> train = study.names.stream()
                    .filter(n -> !label.apply(n).equals(held)
                            && !LandmarkSplit.landmark(n).equals(held))
                    .toList();
            RemapWeights w = new RemapWeightLearner(layers, LEVELS)
                    .learn(
                            train.stream()
                                    .map(n -> regionMap(study.pooled("db:" + n), 0, layers))
                                    .toList(),
                            train.stream().map(label).toList());
            System.out.printf(
                    Locale.ROOT,
                    "remap %s without %s (%d training photos): level weights %s, layer weights %s%n",
                    layers,
                    held,
                    train.size(),
                    w.levelWeights().entrySet().stream()
                            .map(e -> e.getKey() + "=" + fmt(e.getValue()))
                            .toList(),
                    w.layerWeights());
            folds.add(new Fold(
                    remap(layers, w),
                    study.loo.stream().filter(q -> q.landmark().equals(held)).toList(),
                    study.oxford.stream()
                            .filter(q -> q.name().split("_")[0].equals(held))
                            .toList()));
        }
        return folds;
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, "%.2f", v[i]));
        }
        return b.append(']').toString();
    }

    private static final List<Post> POSTS = posts();

    private static List<Post> posts() {
        return List.of(
                new Post("plain", PostProcessing.none()::over, PostProcessing.none()::over),
                new Post("avg5@0.2 (default)", AVG5::over, AVG5::over),
                new Post("sg-rerank M400 K9 b0.15", SG::over, SG::over));
    }

    // ---------------------------------------------------------------- the table

    private String table() {
        // The default first: every other row carries its paired difference against it (same query photos).
        Config def = desc("rmac17", 1);
        Post avg = POSTS.get(1);
        String defaultRow = row(def, true, avg);
        defaultReport = lastReport;
        System.out.println("default: " + defaultRow);
        StringBuilder md = new StringBuilder();
        md.append("| descriptor | scales | learned | centring | post-processing | loo all views [95%] | loo original "
                + "| 12 Oxford queries | loo diff vs default [95%] | ms/query (p50) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Config c : configs()) {
            for (boolean centre : new boolean[] {false, true}) {
                for (Post p : POSTS) {
                    long t0 = System.nanoTime();
                    boolean isDefault =
                            c.descriptor().equals("rmac17") && c.scales().equals("3, sum") && centre && p == avg;
                    String row = isDefault ? defaultRow : row(c, centre, p);
                    System.out.printf(Locale.ROOT, "%s   (%.0f s)%n", row, (System.nanoTime() - t0) / 1e9);
                    md.append(row).append('\n');
                }
            }
        }
        return md.toString();
    }

    private String row(Config c, boolean centre, Post p) {
        List<LooReport.Result> results = new ArrayList<>();
        List<QueryResult> oxford = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        for (Fold f : c.folds()) {
            UnaryOperator<float[]> t = UnaryOperator.identity();
            if (centre) {
                // The default's centring: the mean of every database descriptor, then L2.
                Whitening w = Centring.of(Centring.mean(study.database(f.descriptor(), t)));
                t = v -> Vectors.l2normalize(w.apply(v));
            }
            results.addAll(study.loo(f.descriptor(), t, p.eval(), f.loo()).results());
            EvalReport ox = study.oxford(f.descriptor(), t, p.eval(), f.oxford());
            oxford.addAll(ox.results());
            ms.addAll(timing(f, t, p));
        }
        LooReport all = new LooReport(results);
        lastReport = all;
        String diff = defaultReport == null
                ? "(default)"
                : LooReport.pairedDifference(all, defaultReport).toString();
        ms.sort(null);
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %.4f | %.4f | %s | %.2f |",
                c.descriptor(),
                c.scales(),
                c.learned(),
                centre ? "centre (all 250)" : "-",
                p.name(),
                all.overall(),
                all.mAP(QueryView.ORIGINAL),
                oxford.stream().mapToDouble(QueryResult::ap).average().orElse(0),
                diff,
                ms.get(ms.size() / 2));
    }

    /**
     * Milliseconds of post-processing per query, given the descriptors: each original-view query of the fold
     * ranked, on one thread, against the database without its image (the ranker built beforehand, as an index
     * is); the first pass warms up and is not counted.
     */
    private List<Double> timing(Fold f, UnaryOperator<float[]> t, Post p) {
        List<float[]> db = study.database(f.descriptor(), t);
        List<Double> out = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (LooQuery q : f.loo()) {
                int self = study.names.indexOf(q.imageName());
                List<float[]> others = new ArrayList<>(db);
                others.remove(self);
                PostProcessing.Ranker ranker = p.timed().apply(others);
                float[] v = study.view(f.descriptor(), t, q.imageName(), QueryView.ORIGINAL);
                long t0 = System.nanoTime();
                ranker.rank(v);
                if (pass == 1) {
                    out.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- per-image cost

    /**
     * Per-image descriptor cost at the three scales, one thread: the backbone reading features_17 (the default)
     * or all three layers (REMAP 13+17+18), and each head's pooling and scale combination from the same maps;
     * medians over 12 database photos, after one warm-up pass.
     */
    private String descriptorCost() throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<BufferedImage> images = new ArrayList<>();
        for (String n : study.names.subList(0, 12)) {
            images.add(decoder.decode(Files.readAllBytes(study.paris().images().resolve(n + ".jpg"))));
        }
        Map<String, String> oneThread = Map.of("intraOpNumThreads", "1", "interOpNumThreads", "1");
        double ms17;
        double msAll;
        List<List<Map<String, FeatureMap>>> maps = new ArrayList<>();
        try (OnnxBackbone b17 = new OnnxBackbone(
                        study.backboneOnnx(), List.of("features_17"), 1, ImageNetNormalizer.imagenet(), oneThread);
                OnnxBackbone bAll =
                        new OnnxBackbone(study.backboneOnnx(), LAYERS, 1, ImageNetNormalizer.imagenet(), oneThread)) {
            ms17 = backboneMs(b17, images, null);
            msAll = backboneMs(bAll, images, maps);
        }
        Map<String, Function<List<Map<String, FeatureMap>>, float[]>> heads = new LinkedHashMap<>();
        heads.put(
                "rmac17, sum (default)",
                ms -> combine(
                        ms, m -> Pooler.unit("features_17", new RMac(LEVELS)).pool(m), 1));
        heads.put(
                "rmac17, gem:3",
                ms -> combine(
                        ms, m -> Pooler.unit("features_17", new RMac(LEVELS)).pool(m), 3));
        heads.put("rgem17, sum", ms -> combine(ms, m -> regionalGem(m.get("features_17"), 3), 1));
        heads.put(
                "gem17, gem:3",
                ms -> combine(ms, m -> Pooler.unit("features_17", new Gem(3)).pool(m), 3));
        heads.put(
                "sgf-gem17, gem:3",
                ms -> combine(ms, m -> Vectors.l2normalize(new Gem(3).pool(sgFilter(m.get("features_17")))), 3));
        heads.put("sgf-rmac17, sum", ms -> combine(ms, m -> new RMac(LEVELS).pool(sgFilter(m.get("features_17"))), 1));
        for (List<String> layers : List.of(List.of("features_17", "features_18"), LAYERS)) {
            Remap r = new Remap(layers, LEVELS, RemapWeights.uniform(layers, LEVELS), Optional.empty());
            heads.put(
                    "remap "
                            + String.join(
                                    "+",
                                    layers.stream().map(l -> l.substring(9)).toList()) + ", sum",
                    ms -> combine(ms, r::describe, 1));
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "Per-image descriptor cost, 3 scales (512, 362, 256 px), one thread, median of 12 photos: backbone "
                        + "%.1f ms reading features_17, %.1f ms reading features_13, _17 and _18.%n%n",
                ms17,
                msAll));
        md.append(
                "| head | pooling + scale combination ms | backbone ms | total ms | x default |\n|---|---|---|---|---|\n");
        double base = -1;
        for (Map.Entry<String, Function<List<Map<String, FeatureMap>>, float[]>> e : heads.entrySet()) {
            double pool = headMs(e.getValue(), maps);
            double backbone = e.getKey().startsWith("remap") ? msAll : ms17;
            double total = backbone + pool;
            if (base < 0) {
                base = total;
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.1f | %.1f | %.2f |%n",
                    e.getKey(),
                    pool,
                    backbone,
                    total,
                    total / base));
        }
        return md.toString();
    }

    private static float[] combine(
            List<Map<String, FeatureMap>> perScale, Function<Map<String, FeatureMap>, float[]> head, double power) {
        List<Double> factors = new ArrayList<>();
        List<float[]> vs = new ArrayList<>();
        for (int s = 0; s < perScale.size(); s++) {
            factors.add(LooStudy.SCALES[s]);
            vs.add(Vectors.l2normalize(head.apply(perScale.get(s))));
        }
        return new MultiScale(factors, power).combineNormalised(vs);
    }

    /** Median ms per image of the backbone at the three scales; the maps of the last pass go to {@code keep}. */
    private static double backboneMs(
            OnnxBackbone b, List<BufferedImage> images, List<List<Map<String, FeatureMap>>> keep) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (BufferedImage img : images) {
                double base = (double) LooStudy.SIDE / Math.max(img.getWidth(), img.getHeight());
                List<BufferedImage> scaled = new ArrayList<>();
                for (double f : LooStudy.SCALES) {
                    scaled.add(Images.scale(img, base * f));
                }
                List<Map<String, FeatureMap>> perScale = new ArrayList<>();
                long t0 = System.nanoTime();
                for (BufferedImage s : scaled) {
                    perScale.add(b.extract(s));
                }
                if (pass == 1) {
                    ms.add((System.nanoTime() - t0) / 1e6);
                    if (keep != null) {
                        keep.add(perScale);
                    }
                }
            }
        }
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }

    private static double headMs(
            Function<List<Map<String, FeatureMap>>, float[]> head, List<List<Map<String, FeatureMap>>> maps) {
        List<Double> ms = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (List<Map<String, FeatureMap>> m : maps) {
                long t0 = System.nanoTime();
                head.apply(m);
                if (pass == 1) {
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }
}
