package io.sightline.benchmarks.study;

import io.sightline.app.config.SightlineConfig;
import io.sightline.backbone.FeatureMap;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.data.DatasetLocations;
import io.sightline.descriptor.MultiScale;
import io.sightline.eval.EvalReport;
import io.sightline.eval.LandmarkSplit;
import io.sightline.eval.LooEvaluation;
import io.sightline.eval.LooGroundTruth;
import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.eval.LooReport;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.eval.PostProcessing;
import io.sightline.eval.QueryView;
import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.AverageQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.ThresholdedQueryExpansion;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.pooling.Gem;
import io.sightline.pooling.PoolingHead;
import io.sightline.pooling.RMac;
import io.sightline.pooling.Vectors;
import io.sightline.verify.LocalFeatures;
import io.sightline.whitening.PcaWhiteningLearner;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Chooses descriptors and post-processing on the leave-one-out protocol ({@link LooEvaluation}); a measurement
 * tool, not a test. The backbone runs once per (input, scale) and every head is pooled from the same maps, so
 * every configuration is scored on identical pixels. Columns: loo mAP over all views with its 95% bootstrap
 * interval, loo mAP of the original photos only, the 12-query Oxford mAP, and for learned parts (centering /
 * PCA-whitening) the landmark-split figure: learned on defense+eiffel, scored on the other three, and the reverse.
 * The subset and the backbone are found through the configuration ({@code data.paris}), as the CLI finds them.
 * Run as docs/decisions/027 says: {@code java -Xss8m -cp ... io.sightline.benchmarks.study.LooStudy [mode]}.
 * {@link SuperGlobalRemapStudy} reuses this machinery with other heads and layers.
 */
public final class LooStudy {

    static final int SIDE = 512;
    static final double[] SCALES = {1.0, Math.sqrt(0.5), 0.5};
    private static final List<String> LAYERS = List.of("features_17", "features_18");

    /** A head of the study: one image's maps at one scale (every layer read) to one vector. */
    @FunctionalInterface
    interface Pooler {
        float[] pool(Map<String, FeatureMap> maps);

        /** {@code head} on {@code layer}, L2-normalised: how every head of this study is stored. */
        static Pooler unit(String layer, PoolingHead head) {
            return maps -> Vectors.l2normalize(head.pool(maps.get(layer)));
        }
    }

    private static Map<String, Pooler> defaultHeads() {
        Map<String, Pooler> heads = new LinkedHashMap<>();
        heads.put("rmac17", Pooler.unit("features_17", new RMac(3)));
        heads.put("gem17", Pooler.unit("features_17", new Gem(3)));
        heads.put("rmac18", Pooler.unit("features_18", new RMac(3)));
        heads.put("gem18", Pooler.unit("features_18", new Gem(3)));
        return heads;
    }

    private final List<String> layers;
    private final Map<String, Pooler> heads;
    private final DatasetLocations.Dataset paris;
    private final Path backboneOnnx;

    private static final double[] THRESHOLDS = java.util.Arrays.stream(
                    System.getProperty("loo.thresholds", "0.85,0.88,0.9,0.92").split(","))
            .mapToDouble(Double::parseDouble)
            .toArray();
    final List<String> names = new ArrayList<>();
    final List<OxfordQuery> oxford;
    final List<LooQuery> loo;
    final List<QueryView> views = List.of(QueryView.values());
    /** Per input ("db:NAME", "v:VIEW:NAME", "q:QUERY"): per head, per scale, the pooled vector. */
    private final Map<String, float[][][]> pooled = new ConcurrentHashMap<>();

    /**
     * @param layers the backbone outputs every head reads
     * @param heads  name to pooler, in the order of the pooled arrays' first index
     */
    LooStudy(List<String> layers, Map<String, Pooler> heads) throws Exception {
        this.layers = List.copyOf(layers);
        this.heads = new LinkedHashMap<>(heads);
        SightlineConfig config = SightlineConfig.load(
                Map.of(), System.getenv(), Map.of(), Path.of("").toAbsolutePath());
        paris = config.datasets().requirePresent(config.datasets().paris());
        backboneOnnx = DatasetLocations.requireFile(config.datasets().backboneOnnx(), "the backbone");
        oxford = OxfordGroundTruth.load(paris.groundTruth());
        loo = LooGroundTruth.of(oxford);
    }

    public static void main(String[] args) throws Exception {
        LooStudy s =
                open(LAYERS, defaultHeads(), Path.of(System.getProperty("loo.cache", "target/loo-study-cache.bin")));
        s.run(args.length > 0 ? args[0] : "descriptors");
    }

    /** A study over {@code heads}, pooled from {@code cache} when it exists, else extracted and saved there. */
    static LooStudy open(List<String> layers, Map<String, Pooler> heads, Path cache) throws Exception {
        LooStudy s = new LooStudy(layers, heads);
        if (Files.exists(cache)) {
            s.load(cache);
        } else {
            s.extract();
            s.save(cache);
        }
        return s;
    }

    Path backboneOnnx() {
        return backboneOnnx;
    }

    DatasetLocations.Dataset paris() {
        return paris;
    }

    /** The index of {@code head} in the pooled arrays. */
    int head(String head) {
        int i = new ArrayList<>(heads.keySet()).indexOf(head);
        if (i < 0) {
            throw new IllegalArgumentException("no head " + head + " among " + heads.keySet());
        }
        return i;
    }

    private void save(Path cache) throws java.io.IOException {
        if (cache.toAbsolutePath().getParent() != null) {
            Files.createDirectories(cache.toAbsolutePath().getParent());
        }
        try (var out = new java.io.ObjectOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            out.writeObject(new ArrayList<>(names));
            out.writeObject(new java.util.HashMap<>(pooled));
        }
    }

    @SuppressWarnings("unchecked")
    private void load(Path cache) throws Exception {
        try (var in = new java.io.ObjectInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
            names.addAll((List<String>) in.readObject());
            pooled.putAll((Map<String, float[][][]>) in.readObject());
        }
    }

    private void extract() throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<Path> files;
        try (Stream<Path> st = Files.list(paris.images())) {
            files = st.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        files.forEach(f -> names.add(f.getFileName().toString().replace(".jpg", "")));
        Set<String> queryImages = new java.util.HashSet<>();
        loo.forEach(q -> queryImages.add(q.imageName()));
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        try (OnnxBackbone backbone = new OnnxBackbone(backboneOnnx, layers, threads);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> fs = new ArrayList<>();
            for (Path f : files) {
                String name = f.getFileName().toString().replace(".jpg", "");
                fs.add(pool.submit(() -> {
                    BufferedImage img = decoder.decode(Files.readAllBytes(f));
                    pooled.put(
                            "db:" + name,
                            poolAll(backbone, img, (double) SIDE / Math.max(img.getWidth(), img.getHeight())));
                    if (queryImages.contains(name)) {
                        for (QueryView v : views) {
                            BufferedImage view = v.apply(img);
                            pooled.put(
                                    "v:" + v.tag() + ":" + name,
                                    poolAll(
                                            backbone,
                                            view,
                                            (double) SIDE / Math.max(view.getWidth(), view.getHeight())));
                        }
                    }
                    return null;
                }));
            }
            for (OxfordQuery q : oxford) {
                fs.add(pool.submit(() -> {
                    BufferedImage full =
                            decoder.decode(Files.readAllBytes(paris.images().resolve(q.imageName() + ".jpg")));
                    BufferedImage crop = Images.crop(
                            full, (int) Math.round(q.x1()), (int) Math.round(q.y1()), (int) Math.round(q.x2()), (int)
                                    Math.round(q.y2()));
                    pooled.put(
                            "q:" + q.name(),
                            poolAll(backbone, crop, (double) SIDE / Math.max(full.getWidth(), full.getHeight())));
                    return null;
                }));
            }
            int done = 0;
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // Closing the backbone under running inferences crashes ONNX Runtime: stop the rest first.
                    fs.forEach(x -> x.cancel(false));
                    pool.shutdown();
                    pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
                    throw e;
                }
                if (++done % 50 == 0) {
                    System.out.printf(
                            Locale.ROOT, "%d/%d inputs, %.0f s%n", done, fs.size(), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "pooled %d inputs x %d scales in %.1f s%n",
                pooled.size(),
                SCALES.length,
                (System.nanoTime() - t0) / 1e9);
    }

    private float[][][] poolAll(OnnxBackbone backbone, BufferedImage img, double base) throws Exception {
        float[][][] out = new float[heads.size()][SCALES.length][];
        for (int s = 0; s < SCALES.length; s++) {
            Map<String, FeatureMap> maps = backbone.extract(Images.scale(img, base * SCALES[s]));
            int h = 0;
            for (Pooler head : heads.values()) {
                out[h++][s] = head.pool(maps);
            }
        }
        return out;
    }

    /**
     * A descriptor: a head at a set of scales, combined as the product combines scales ({@link MultiScale}: power
     * 1 sums, another power is Scale-GeM), then L2.
     */
    record Desc(String name, int head, int[] scales, double power) {
        Desc(String name, int head, int[] scales) {
            this(name, head, scales, 1);
        }

        float[] of(float[][][] p) {
            List<Double> factors = new ArrayList<>();
            List<float[]> perScale = new ArrayList<>();
            for (int s : scales) {
                factors.add(SCALES[s]);
                perScale.add(p[head][s]);
            }
            return new MultiScale(factors, power).combineNormalised(perScale);
        }
    }

    private record Post(String name, PostProcessing post) {}

    private void run(String mode) {
        List<Desc> descs = new ArrayList<>();
        List<String> headNames = new ArrayList<>(heads.keySet());
        for (int h = 0; h < headNames.size(); h++) {
            descs.add(new Desc(headNames.get(h) + " s1", h, new int[] {0}));
            descs.add(new Desc(headNames.get(h) + " ms3", h, new int[] {0, 1, 2}));
            descs.add(new Desc(headNames.get(h) + " ms2", h, new int[] {0, 1}));
        }
        StringBuilder table = new StringBuilder();
        table.append(
                "| descriptor | transform | post | loo all views | loo original | oxford12 |\n|---|---|---|---|---|---|\n");
        List<String> transforms = mode.equals("descriptors")
                ? List.of("-")
                : List.of(System.getProperty("loo.transforms", "-,centre,pcaw0.5:0.1")
                        .split(","));
        for (Desc d : descs) {
            if (!mode.equals("descriptors") && !d.name().equals(mode.replace('_', ' '))) {
                continue;
            }
            similarityStats(d, UnaryOperator.identity());
            for (String transform : transforms) {
                System.out.println("transform " + transform);
                for (Post p : mode.equals("descriptors") ? basicPosts() : posts(0)) {
                    String row = evaluate(d, transform, p);
                    System.out.println(row);
                    table.append(row).append('\n');
                }
            }
        }
        try {
            Files.writeString(Path.of("target/loo-study-" + mode + ".md"), table.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Post> basicPosts() {
        return List.of(
                new Post("plain", PostProcessing.none()),
                new Post("aqe5a3", new PostProcessing(new AlphaQueryExpansion(5, 3), Optional.empty())),
                new Post("dba5a3+aqe5a3", PostProcessing.previousDefault()));
    }

    private List<Post> posts(double unused) {
        List<Post> out = new ArrayList<>();
        out.add(new Post("plain", PostProcessing.none()));
        out.add(new Post("avg2", new PostProcessing(new AverageQueryExpansion(2), Optional.empty())));
        out.add(new Post("avg3", new PostProcessing(new AverageQueryExpansion(3), Optional.empty())));
        out.add(new Post("avg5", new PostProcessing(new AverageQueryExpansion(5), Optional.empty())));
        out.add(new Post(
                "dba3a3+avg3",
                new PostProcessing(new AverageQueryExpansion(3), Optional.of(new DatabaseAugmentation(3, 3)))));
        out.add(new Post("aqe5a3", new PostProcessing(new AlphaQueryExpansion(5, 3), Optional.empty())));
        out.add(new Post("dba5a3+aqe5a3", PostProcessing.previousDefault()));
        for (double t : THRESHOLDS) {
            out.add(new Post(
                    "aqe5a3@" + t,
                    new PostProcessing(
                            new ThresholdedQueryExpansion(new AlphaQueryExpansion(5, 3), t), Optional.empty())));
            out.add(new Post(
                    "avg3@" + t,
                    new PostProcessing(
                            new ThresholdedQueryExpansion(new AverageQueryExpansion(3), t), Optional.empty())));
            out.add(new Post(
                    "avg5@" + t,
                    new PostProcessing(
                            new ThresholdedQueryExpansion(new AverageQueryExpansion(5), t), Optional.empty())));
        }
        return out;
    }

    /** Same- and other-landmark similarity quantiles of the database, to place thresholds. */
    private void similarityStats(Desc d, UnaryOperator<float[]> t) {
        List<Double> same = new ArrayList<>();
        List<Double> other = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                double s = Vectors.dot(
                        t.apply(d.of(pooled.get("db:" + names.get(i)))),
                        t.apply(d.of(pooled.get("db:" + names.get(j)))));
                (LandmarkSplit.landmark(names.get(i)).equals(LandmarkSplit.landmark(names.get(j))) ? same : other)
                        .add(s);
            }
        }
        same.sort(null);
        other.sort(null);
        System.out.printf(
                Locale.ROOT,
                "%s similarity: same landmark p10/p50/p90 %.3f/%.3f/%.3f, other p50/p90/p99 %.3f/%.3f/%.3f%n",
                d.name(),
                q(same, 0.1),
                q(same, 0.5),
                q(same, 0.9),
                q(other, 0.5),
                q(other, 0.9),
                q(other, 0.99));
    }

    private static double q(List<Double> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }

    private String evaluate(Desc d, String transformSpec, Post p) {
        String transform = transformSpec;
        if (transform.equals("-")) {
            UnaryOperator<float[]> id = UnaryOperator.identity();
            LooReport all = loo(d::of, id, p.post()::over, loo);
            double ox = oxford(d::of, id, p.post()::over, oxford).mAP();
            return String.format(
                    Locale.ROOT,
                    "| %s | - | %s | %s | %.4f | %.4f |",
                    d.name(),
                    p.name(),
                    all.overall(),
                    all.mAP(QueryView.ORIGINAL),
                    ox);
        }
        // Learned transform: two landmark splits, each scored on the landmarks it did not learn from.
        boolean learnAll = transform.endsWith("-all");
        transform = transform.replace("-all", "");
        // "-all": learned on every database photo, the landmarks queried included (as a default model learned on
        // this collection would be); otherwise two landmark splits.
        List<Set<String>> trains = learnAll
                ? List.of(Set.of("defense", "eiffel", "invalides", "louvre", "moulinrouge", "triomphe"))
                : List.of(Set.of("defense", "eiffel"), Set.of("invalides", "louvre", "moulinrouge"));
        List<LooReport.Result> results = new ArrayList<>();
        double oxSum = 0;
        int oxN = 0;
        for (Set<String> train : trains) {
            LandmarkSplit split = new LandmarkSplit(train);
            List<float[]> learnOn = split.trainingImages(names).stream()
                    .map(n -> d.of(pooled.get("db:" + n)))
                    .toList();
            Whitening w;
            if (transform.equals("centre")) {
                w = io.sightline.whitening.Centring.of(io.sightline.whitening.Centring.mean(learnOn));
            } else {
                String[] pr = transform.substring("pcaw".length()).split(":");
                w = new PcaWhiteningLearner(learnOn.get(0).length, Double.parseDouble(pr[0]), Double.parseDouble(pr[1]))
                        .learn(learnOn);
            }
            UnaryOperator<float[]> t = v -> Vectors.l2normalize(w.apply(v));
            final String name = transform;
            List<LooQuery> test = learnAll
                    ? loo
                    : loo.stream().filter(q -> !split.isTraining(q.imageName())).toList();
            results.addAll(loo(d::of, t, p.post()::over, test).results());
            List<OxfordQuery> oxTest = learnAll ? oxford : split.testQueries(oxford);
            oxSum += oxford(d::of, t, p.post()::over, oxTest).mAP() * oxTest.size();
            oxN += oxTest.size();
        }
        LooReport all = new LooReport(results);
        return String.format(
                Locale.ROOT,
                "| %s | %s (%s) | %s | %s | %.4f | %.4f |",
                d.name(),
                transform,
                learnAll ? "all" : "split",
                p.name(),
                all.overall(),
                all.mAP(QueryView.ORIGINAL),
                oxSum / oxN);
    }

    /** The pooled vectors of one input ("db:NAME", "v:VIEW:NAME", "q:QUERY"): per head, per scale. */
    float[][][] pooled(String input) {
        return pooled.get(input);
    }

    /** The database vectors of descriptor {@code d} after {@code t}, in {@link #names} order. */
    List<float[]> database(Function<float[][][], float[]> d, UnaryOperator<float[]> t) {
        return names.stream().map(n -> t.apply(d.apply(pooled.get("db:" + n)))).toList();
    }

    /** The vector of view {@code v} of query image {@code imageName}. */
    float[] view(Function<float[][][], float[]> d, UnaryOperator<float[]> t, String imageName, QueryView v) {
        return t.apply(d.apply(pooled.get("v:" + v.tag() + ":" + imageName)));
    }

    LooReport loo(
            Function<float[][][], float[]> d,
            UnaryOperator<float[]> t,
            BiFunction<List<float[]>, List<LocalFeatures>, PostProcessing.Ranker> post,
            List<LooQuery> queries) {
        List<float[]> db = database(d, t);
        Map<String, Map<QueryView, float[]>> byImage = new LinkedHashMap<>();
        for (LooQuery q : queries) {
            Map<QueryView, float[]> m = new java.util.EnumMap<>(QueryView.class);
            for (QueryView v : views) {
                m.put(v, view(d, t, q.imageName(), v));
            }
            byImage.put(q.imageName(), m);
        }
        return new LooEvaluation.Descriptors(names, db, queries, byImage).evaluate(post, queries, views);
    }

    EvalReport oxford(
            Function<float[][][], float[]> d,
            UnaryOperator<float[]> t,
            BiFunction<List<float[]>, List<LocalFeatures>, PostProcessing.Ranker> post,
            List<OxfordQuery> queries) {
        List<float[]> db = database(d, t);
        Map<String, float[]> qv = new LinkedHashMap<>();
        for (OxfordQuery q : queries) {
            qv.put(q.name(), t.apply(d.apply(pooled.get("q:" + q.name()))));
        }
        return new OxfordEvaluation.Descriptors(names, db, qv, oxford).evaluate(post, queries);
    }
}
