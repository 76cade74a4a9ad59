package io.sightline.benchmarks.study;

import io.sightline.backbone.FeatureMap;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.MultiScale;
import io.sightline.eval.LandmarkSplit;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.eval.VectorEvaluation;
import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.QueryExpansion;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.Gem;
import io.sightline.pooling.GemPowerSelector;
import io.sightline.pooling.Mac;
import io.sightline.pooling.PoolingHead;
import io.sightline.pooling.RMac;
import io.sightline.pooling.RegionVectors;
import io.sightline.pooling.Remap;
import io.sightline.pooling.RemapWeightLearner;
import io.sightline.pooling.RemapWeights;
import io.sightline.pooling.Spoc;
import io.sightline.pooling.Vectors;
import io.sightline.testing.SharedData;
import io.sightline.whitening.LwWhiteningLearner;
import io.sightline.whitening.PcaBasis;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures pooling heads, whitening, scales, QE and DBA on the Paris subset; a measurement tool, not a test.
 * The backbone runs once per (image, scale); feature maps are kept in memory and every configuration is
 * computed from them with the library classes, so the numbers are those of the production code paths.
 * Prints a table and writes it to {@code target/descriptor-study.md}. Run with the bench class path (bench/README.md, "Running a study"),
 * {@code --add-modules jdk.incubator.vector -Dai.djl.offline=true -Dsightline.shared=/work/shared -Xmx6g}.
 *
 * <p>Columns: {@code full12}: all 12 queries, only unsupervised learning (PCA on the 250 database images);
 * {@code S1}: learned on defense+eiffel, the 8 queries of the other landmarks; {@code S2}: learned on
 * invalides+louvre+moulinrouge, the 4 defense/eiffel queries; {@code xval12}: S1 and S2 together (each query
 * scored by the model that did not train on its landmark), the fair full-set figure for supervised rows.
 */
public final class DescriptorStudy {

    private static final int SIDE = 512;
    private static final double[] SCALES = {1.0, Math.sqrt(0.5), Math.sqrt(2)};
    private static final List<String> LAYERS = List.of("features_13", "features_17", "features_18");
    private static final int LEVELS = 3;
    /**
     * PCA-whitening variants (output dimension, power) for global vectors. Full whitening to 128 dimensions fell
     * to mAP 0.4 in a first run: 250 images of 5 landmarks carry class information in a few directions and full
     * whitening raises the many noise directions of the int8 features to the same weight; hence small dimensions
     * or small powers.
     */
    private static final double[][] ALL_GLOBAL_PCA = {{8, 0.5}, {64, 0.25}, {256, 0.1}};

    private static final double[][] ALL_REGION_PCA = {{32, 0.5}, {512, 0.25}, {512, 0.1}};
    private static final int[] ALL_LW_DIMS = {8, 32};

    /** {@code quick}: multi-scale only and no whitening, the configurations that matter after the full run. */
    private final boolean quick;

    private final double[][] GLOBAL_PCA;
    private final double[][] REGION_PCA;
    private final int[] LW_DIMS;

    private final List<String> dbNames = new ArrayList<>();
    private final List<OxfordQuery> queries;
    /** Maps per (input, scale index); inputs are database image names and "q:" + query name. */
    private final Map<String, Map<String, FeatureMap>[]> maps = new ConcurrentHashMap<>();

    private final Map<String, RegionVectors> regionCache = new ConcurrentHashMap<>();
    private final double[] backboneMs = new double[SCALES.length];
    private final List<LandmarkSplit> splits = List.of(
            new LandmarkSplit(Set.of("defense", "eiffel")),
            new LandmarkSplit(Set.of("invalides", "louvre", "moulinrouge")));
    private final StringBuilder table = new StringBuilder();
    private final List<Row> rows = new ArrayList<>();

    private record Row(String config, double full, double s1, double s2, double xval, double ms) {}

    /** One post-processing variant: DBA on the database, QE on the queries. */
    private record Post(String name, Optional<DatabaseAugmentation> dba, QueryExpansion qe) {}

    private final List<Post> posts = List.of(
            new Post("-", Optional.empty(), QueryExpansion.none()),
            new Post("aqe", Optional.empty(), new AlphaQueryExpansion(5, 3)),
            new Post("dba", Optional.of(new DatabaseAugmentation(5, 3)), QueryExpansion.none()),
            new Post("dba+aqe", Optional.of(new DatabaseAugmentation(5, 3)), new AlphaQueryExpansion(5, 3)));

    private DescriptorStudy(boolean quick) throws Exception {
        this.quick = quick;
        this.GLOBAL_PCA = quick ? new double[0][] : ALL_GLOBAL_PCA;
        this.REGION_PCA = quick ? new double[0][] : ALL_REGION_PCA;
        this.LW_DIMS = quick ? new int[0] : ALL_LW_DIMS;
        this.queries = OxfordGroundTruth.load(SharedData.parisGroundTruth());
    }

    public static void main(String[] args) throws Exception {
        DescriptorStudy s = new DescriptorStudy(args.length > 0 && args[0].equals("quick"));
        s.extractAll();
        s.run();
    }

    // ---------------------------------------------------------------- extraction cache

    @SuppressWarnings("unchecked")
    private void extractAll() throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<Path> files;
        try (Stream<Path> st = Files.list(SharedData.parisImages())) {
            files = st.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        files.forEach(f -> dbNames.add(f.getFileName().toString().replace(".jpg", "")));
        int threads = Runtime.getRuntime().availableProcessors();
        try (OnnxBackbone backbone = new OnnxBackbone(SharedData.backboneOnnx(), LAYERS, threads);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (Path f : files) {
                fs.add(pool.submit(() -> {
                    BufferedImage img = decoder.decode(Files.readAllBytes(f));
                    Map<String, FeatureMap>[] perScale = new Map[SCALES.length];
                    for (int s = 0; s < SCALES.length; s++) {
                        perScale[s] =
                                backbone.extract(Images.resizeLongestSide(img, (int) Math.round(SIDE * SCALES[s])));
                    }
                    maps.put(f.getFileName().toString().replace(".jpg", ""), perScale);
                    return null;
                }));
            }
            for (OxfordQuery q : queries) {
                fs.add(pool.submit(() -> {
                    BufferedImage full = decoder.decode(Files.readAllBytes(SharedData.parisImage(q.imageName())));
                    BufferedImage crop = Images.crop(
                            full, (int) Math.round(q.x1()), (int) Math.round(q.y1()), (int) Math.round(q.x2()), (int)
                                    Math.round(q.y2()));
                    double base = (double) SIDE / Math.max(full.getWidth(), full.getHeight());
                    Map<String, FeatureMap>[] perScale = new Map[SCALES.length];
                    for (int s = 0; s < SCALES.length; s++) {
                        perScale[s] = backbone.extract(Images.scale(crop, base * SCALES[s]));
                    }
                    maps.put("q:" + q.name(), perScale);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            System.out.printf(
                    Locale.ROOT,
                    "cached %d inputs x %d scales in %.1f s%n",
                    maps.size(),
                    SCALES.length,
                    (System.nanoTime() - t0) / 1e9);
            // Latency per scale, one image at a time, on already decoded images (decode is not extraction).
            List<BufferedImage> sample = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sample.add(decoder.decode(Files.readAllBytes(files.get(i * 12))));
            }
            for (int s = 0; s < SCALES.length; s++) {
                int side = (int) Math.round(SIDE * SCALES[s]);
                backbone.extract(Images.resizeLongestSide(sample.getFirst(), side));
                long t = System.nanoTime();
                for (BufferedImage img : sample) {
                    backbone.extract(Images.resizeLongestSide(img, side));
                }
                backboneMs[s] = (System.nanoTime() - t) / 1e6 / sample.size();
                System.out.printf(
                        Locale.ROOT,
                        "resize+backbone (3 layers) at longest side %d: %.1f ms/image%n",
                        side,
                        backboneMs[s]);
            }
        }
    }

    private List<String> inputs() {
        List<String> all = new ArrayList<>(dbNames);
        queries.forEach(q -> all.add("q:" + q.name()));
        return all;
    }

    private RegionVectors regions(String input, int scale, String layer) {
        return regionCache.computeIfAbsent(
                input + "|" + scale + "|" + layer, k -> RegionVectors.of(maps.get(input)[scale].get(layer), LEVELS));
    }

    // ---------------------------------------------------------------- configurations

    /** A head evaluated at one scale of one input: returns the (unwhitened, L2) per-scale descriptor. */
    private interface PerScale {
        float[] apply(String input, int scale);
    }

    private void run() throws Exception {
        header();
        int[][] scaleSets = quick ? new int[][] {{0, 1, 2}} : new int[][] {{0}, {0, 1, 2}};
        for (int[] scales : scaleSets) {
            for (String layer : List.of("features_17", "features_18")) {
                for (PoolingHead head : List.<PoolingHead>of(new Mac(), new Spoc(), new Gem(3))) {
                    globalHead(
                            layer + " " + head.name(), scales, (in, s) -> head.pool(maps.get(in)[s].get(layer)), true);
                }
                gemLearned(layer, scales);
                rmac(layer, scales);
            }
            remap(List.of("features_17", "features_18"), scales);
            remap(LAYERS, scales);
        }
        footer();
    }

    /** Global-vector heads: none, PCA-whitening (collection), Lw (training landmarks) after scale combination. */
    private void globalHead(String name, int[] scales, PerScale head, boolean withLw) {
        double ms = headMs(head, scales);
        Map<String, float[]> raw = combined(head, scales);
        List<float[]> db = dbNames.stream().map(raw::get).toList();
        int d = db.getFirst().length;
        report(name, scales, "-", raw, null, ms);
        PcaBasis basis = GLOBAL_PCA.length == 0 ? null : PcaBasis.fit(db, 1e-3);
        for (double[] v : GLOBAL_PCA) {
            Whitening pca = pcaw(basis, v);
            report(name, scales, pca.name(), whiten(raw, pca), null, ms + whitenMs(pca));
        }
        if (withLw) {
            lwRows(name, scales, raw, ms);
        }
    }

    private Whitening pcaw(PcaBasis basis, double[] variant) {
        int dim = Math.min(basis.dimension(), (int) variant[0]);
        return basis.whitening(dim, variant[1], "pcaw" + dim + (variant[1] == 0.5 ? "" : "p" + variant[1]));
    }

    private void lwRows(String name, int[] scales, Map<String, float[]> raw, double ms) {
        lwRows(name, scales, List.of(raw, raw), ms);
    }

    /** Lw learned per split on that split's vectors (which may differ per split, e.g. REMAP weights). */
    private void lwRows(String name, int[] scales, List<Map<String, float[]>> rawPerSplit, double ms) {
        for (int dim : LW_DIMS) {
            List<Map<String, float[]>> perSplit = new ArrayList<>();
            double wms = 0;
            for (int i = 0; i < splits.size(); i++) {
                Whitening lw = learnLw(rawPerSplit.get(i), splits.get(i), dim);
                wms = whitenMs(lw);
                perSplit.add(whiten(rawPerSplit.get(i), lw));
            }
            report(name, scales, "lw" + dim, null, perSplit, ms + wms);
        }
    }

    private void gemLearned(String layer, int[] scales) {
        List<Map<String, float[]>> perSplit = new ArrayList<>();
        List<Double> ps = new ArrayList<>();
        for (LandmarkSplit split : splits) {
            List<String> train = split.trainingImages(dbNames);
            double p = GemPowerSelector.standard()
                    .select(
                            train.stream().map(n -> maps.get(n)[0].get(layer)).toList(),
                            train.stream().map(LandmarkSplit::landmark).toList());
            ps.add(p);
            Gem gem = new Gem(p);
            perSplit.add(combined((in, s) -> gem.pool(maps.get(in)[s].get(layer)), scales));
        }
        Gem g = new Gem(ps.getFirst());
        report(
                layer + " gem-learned p=" + ps,
                scales,
                "-",
                null,
                perSplit,
                headMs((in, s) -> g.pool(maps.get(in)[s].get(layer)), scales));
    }

    private void rmac(String layer, int[] scales) {
        RMac plain = new RMac(LEVELS);
        PerScale plainHead = (in, s) -> plain.aggregate(regions(in, s, layer));
        double ms = headMs((in, s) -> plain.pool(maps.get(in)[s].get(layer)), scales);
        Map<String, float[]> raw = combined(plainHead, scales);
        report(layer + " " + plain.name(), scales, "-", raw, null, ms);
        // Per-region PCA-whitening learned on region vectors of the collection (all scales used).
        List<float[]> regionVs = new ArrayList<>();
        for (String n : dbNames) {
            for (int s : scales) {
                regionVs.addAll(regions(n, s, layer).vectors());
            }
        }
        PcaBasis basis = REGION_PCA.length == 0 ? null : PcaBasis.fit(regionVs, 1e-3);
        for (double[] v : REGION_PCA) {
            Whitening w = pcaw(basis, v);
            RMac white = RMac.whitened(LEVELS, w);
            Map<String, float[]> wv = combined((in, s) -> white.aggregate(regions(in, s, layer)), scales);
            report(
                    layer + " " + plain.name(),
                    scales,
                    "region-" + w.name(),
                    wv,
                    null,
                    headMs((in, s) -> white.pool(maps.get(in)[s].get(layer)), scales));
        }
        lwRows(layer + " " + plain.name(), scales, raw, ms);
    }

    private void remap(List<String> layers, int[] scales) {
        String tag = layers.stream()
                .map(l -> l.replace("features_", ""))
                .reduce((a, b) -> a + "+" + b)
                .orElseThrow();
        // Uniform weights: unsupervised multi-layer R-MAC, so it has a full-set figure.
        Remap uniform = new Remap(layers, LEVELS, RemapWeights.uniform(layers, LEVELS), Optional.empty());
        Map<String, float[]> uni = combined((in, s) -> uniform.aggregate(regionMap(in, s, layers)), scales);
        double ms = headMs((in, s) -> uniform.describe(maps.get(in)[s]), scales);
        report("remap-uniform " + tag, scales, "-", uni, null, ms);
        PcaBasis uniBasis = GLOBAL_PCA.length == 0
                ? null
                : PcaBasis.fit(dbNames.stream().map(uni::get).toList(), 1e-3);
        for (double[] v : GLOBAL_PCA) {
            Whitening pca = pcaw(uniBasis, v);
            report("remap-uniform " + tag, scales, pca.name(), whiten(uni, pca), null, ms + whitenMs(pca));
        }
        // KL weights learned per split on training landmarks; PCA on the whole collection, Lw on the split.
        List<Map<String, float[]>> raw = new ArrayList<>();
        for (LandmarkSplit split : splits) {
            List<String> train = split.trainingImages(dbNames);
            RemapWeights w = new RemapWeightLearner(layers, LEVELS)
                    .learn(
                            train.stream().map(n -> regionMap(n, 0, layers)).toList(),
                            train.stream().map(LandmarkSplit::landmark).toList());
            System.out.println("remap " + tag + " " + split.name() + " level weights "
                    + w.levelWeights().entrySet().stream()
                            .map(e -> e.getKey() + "=" + fmt(e.getValue()))
                            .toList()
                    + " layer weights " + w.layerWeights());
            Remap head = new Remap(layers, LEVELS, w, Optional.empty());
            raw.add(combined((in, s) -> head.aggregate(regionMap(in, s, layers)), scales));
        }
        report("remap-kl " + tag, scales, "-", null, raw, ms);
        for (double[] v : GLOBAL_PCA) {
            List<Map<String, float[]>> pcaW = new ArrayList<>();
            String wname = "";
            for (Map<String, float[]> r : raw) {
                Whitening pca = pcaw(PcaBasis.fit(dbNames.stream().map(r::get).toList(), 1e-3), v);
                wname = pca.name();
                pcaW.add(whiten(r, pca));
            }
            report("remap-kl " + tag, scales, wname, null, pcaW, ms);
        }
        lwRows("remap-kl " + tag, scales, raw, ms);
    }

    private Map<String, RegionVectors> regionMap(String input, int scale, List<String> layers) {
        Map<String, RegionVectors> m = new LinkedHashMap<>();
        for (String l : layers) {
            m.put(l, regions(input, scale, l));
        }
        return m;
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, float[]> combined(PerScale head, int[] scales) {
        List<Double> factors = new ArrayList<>();
        for (int s : scales) {
            factors.add(SCALES[s]);
        }
        MultiScale ms = new MultiScale(factors, 1);
        Map<String, float[]> out = new ConcurrentHashMap<>();
        inputs().parallelStream().forEach(in -> {
            List<float[]> per = new ArrayList<>();
            for (int s : scales) {
                per.add(Vectors.l2normalize(head.apply(in, s)));
            }
            out.put(in, ms.combineNormalised(per));
        });
        return out;
    }

    private static Map<String, float[]> whiten(Map<String, float[]> vs, Whitening w) {
        Map<String, float[]> out = new LinkedHashMap<>();
        vs.forEach((k, v) -> out.put(k, Vectors.l2normalize(w.apply(v))));
        return out;
    }

    private Whitening learnLw(Map<String, float[]> vs, LandmarkSplit split, int dim) {
        List<String> train = split.trainingImages(dbNames);
        List<float[]> x = train.stream().map(vs::get).toList();
        List<LwWhiteningLearner.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            for (int j = i + 1; j < train.size(); j++) {
                if (LandmarkSplit.landmark(train.get(i)).equals(LandmarkSplit.landmark(train.get(j)))) {
                    pairs.add(new LwWhiteningLearner.Pair(i, j));
                }
            }
        }
        return new LwWhiteningLearner(dim, 1e-2).learn(x, pairs);
    }

    /** Head time per image on cached maps, summed over the scales, plus backbone time of those scales. */
    private double headMs(PerScale head, int[] scales) {
        long t = System.nanoTime();
        int n = 40;
        for (int i = 0; i < n; i++) {
            for (int s : scales) {
                head.apply(dbNames.get(i * 6), s);
            }
        }
        double ms = (System.nanoTime() - t) / 1e6 / n;
        for (int s : scales) {
            ms += backboneMs[s];
        }
        return ms;
    }

    private static double whitenMs(Whitening w) {
        float[] v = new float[w.inputDimension()];
        long t = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            w.apply(v);
        }
        return (System.nanoTime() - t) / 1e6 / 50;
    }

    /**
     * Evaluates one configuration under every post-processing variant. Either {@code full} (the same vectors
     * for every column) or {@code perSplit} (vectors learned per split; no full12 column) is given.
     */
    private void report(
            String head,
            int[] scales,
            String whitening,
            Map<String, float[]> full,
            List<Map<String, float[]>> perSplit,
            double ms) {
        String scaleTag = scales.length == 1 ? "512" : "362+512+724";
        for (Post post : posts) {
            double f = full == null ? Double.NaN : eval(full, queries, post);
            double s1 = eval(
                    perSplit == null ? full : perSplit.get(0), splits.get(0).testQueries(queries), post);
            double s2 = eval(
                    perSplit == null ? full : perSplit.get(1), splits.get(1).testQueries(queries), post);
            int n1 = splits.get(0).testQueries(queries).size();
            int n2 = splits.get(1).testQueries(queries).size();
            double xval = (s1 * n1 + s2 * n2) / (n1 + n2);
            String config = head + " | " + whitening + " | " + scaleTag + " | " + post.name();
            Row row = new Row(config, f, s1, s2, xval, ms);
            rows.add(row);
            String line = String.format(
                    Locale.ROOT,
                    "| %s | %s | %.4f | %.4f | %.4f | %.1f |",
                    config,
                    Double.isNaN(f) ? "-" : String.format(Locale.ROOT, "%.4f", f),
                    s1,
                    s2,
                    xval,
                    ms);
            System.out.println(line);
            table.append(line).append('\n');
        }
    }

    private double eval(Map<String, float[]> vs, List<OxfordQuery> qs, Post post) {
        List<float[]> db = dbNames.stream().map(vs::get).toList();
        if (post.dba().isPresent()) {
            db = post.dba().get().augment(db);
        }
        Map<String, float[]> qv = new LinkedHashMap<>();
        for (OxfordQuery q : qs) {
            qv.put(q.name(), vs.get("q:" + q.name()));
        }
        return VectorEvaluation.evaluate(dbNames, db, qv, qs, post.qe()).mAP();
    }

    private void header() {
        String h =
                "| head | whitening | scales (longest side) | QE/DBA | full12 | S1 (8q) | S2 (4q) | xval12 | ms/image |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n";
        System.out.print(h);
        table.append(h);
    }

    private void footer() throws Exception {
        Row bestFull = rows.stream()
                .filter(r -> !Double.isNaN(r.full()))
                .max((a, b) -> Double.compare(a.full(), b.full()))
                .orElseThrow();
        Row bestXval =
                rows.stream().max((a, b) -> Double.compare(a.xval(), b.xval())).orElseThrow();
        String summary = String.format(
                Locale.ROOT,
                "%nbest full12 (unsupervised): %s = %.4f (xval12 %.4f, %.1f ms/image)%n" + "best xval12: %s = %.4f%n",
                bestFull.config(),
                bestFull.full(),
                bestFull.xval(),
                bestFull.ms(),
                bestXval.config(),
                bestXval.xval());
        System.out.print(summary);
        table.append(summary);
        Path out = Path.of("target", quick ? "descriptor-study-quick.md" : "descriptor-study.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        System.out.println("written " + out.toAbsolutePath());
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v[i]));
        }
        return sb.append(']').toString();
    }
}
