package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.UploadPublisher;
import io.sightline.backbone.FeatureMap;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.BundleModel;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.bundle.CodebookShape;
import io.sightline.bundle.ModelBundle;
import io.sightline.data.DatasetLocations;
import io.sightline.eval.LooEvaluation;
import io.sightline.eval.LooGroundTruth;
import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.eval.MatchCalibration;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.PostProcessing;
import io.sightline.eval.QueryView;
import io.sightline.eval.TrainingViews;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.index.Quantizers;
import io.sightline.match.MatchThresholds;
import io.sightline.pooling.RegionVectors;
import io.sightline.pooling.Vectors;
import io.sightline.whitening.Centring;
import io.sightline.whitening.PcaWhiteningLearner;
import io.sightline.whitening.Whitening;
import io.sightline.whitening.WhiteningFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Learns what a model bundle needs from a folder of images (unsupervised PCA-whitening, on region vectors for
 * R-MAC and on global descriptors otherwise; optionally PQ / IVF-PQ codebooks, see {@link CodebookShape}) and writes
 * the bundle, with the figures it reaches on the given
 * ground truth. Without {@code --whiten pca} it writes the head and scales as they are (the best measured
 * configuration learns nothing: whitening learned from 250 photos of five landmarks lowered mAP, see
 * retrieval-core/docs/descriptor-study.md). With {@code --calibrate} it also calibrates the match-level thresholds on
 * the bundle's own descriptors and stores them in the manifest (docs/decisions/034).
 */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        description = {
            "Learns a model bundle (whitening, PQ / IVF-PQ codebooks; match-level thresholds with --calibrate) from a",
            "folder of images and writes it, with the mAP it reaches when --gt is given. Use it with",
            "-D model.bundle=DIR (serve, demo) or eval --bundle DIR."
        })
public final class FitCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Images to learn from (default: the Paris subset's images, data.paris).")
    Path images;

    @Option(
            names = "--gt",
            paramLabel = "DIR",
            description = {
                "Oxford-format ground truth to measure the bundle on and, with --calibrate, to calibrate the",
                "same-place level on (optional)."
            })
    Path gt;

    @Option(
            names = "--calibrate",
            description = {
                "Calibrate the match-level thresholds for this bundle and store them in it: every photo of --images",
                "and 6 degraded views of it (downscaled, JPEG 30, cropped, gray, rotated) against the photos, with",
                "the bundle's own extractor, as eval --protocol loo --views --calibrate does. duplicate and",
                "near-duplicate need no labels; same-place needs --gt. Served bundles use them unless search.match.*",
                "is set."
            })
    boolean calibrate;

    @Option(names = "--out", paramLabel = "BUNDLE", required = true, description = "Bundle directory to write.")
    Path bundleDir;

    @Option(
            names = "--head",
            defaultValue = "rmac",
            description = "mac, spoc, gem, rmac or remap (default ${DEFAULT-VALUE}).")
    String head;

    @Option(
            names = "--layers",
            split = ",",
            defaultValue = "features_17",
            description = "Backbone layers (remap takes several; default ${DEFAULT-VALUE}).")
    List<String> layers;

    @Option(
            names = "--levels",
            defaultValue = "3",
            description = "Region grid levels of rmac/remap (default ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--p", defaultValue = "3", description = "GeM power (default ${DEFAULT-VALUE}).")
    double p;

    @Option(
            names = "--scales",
            split = ",",
            defaultValue = "512",
            description = "Longest sides; several = multi-scale, summed (default ${DEFAULT-VALUE}).")
    List<Integer> scales;

    @Option(
            names = "--whiten",
            defaultValue = "none",
            description = "none, centre (subtract the mean descriptor) or pca (default ${DEFAULT-VALUE}).")
    String whiten;

    @Option(
            names = "--whitening-file",
            paramLabel = "FILE",
            description = {
                "Also write the learned global whitening as a file extract.whitening can name (what the",
                "default model applies)."
            })
    Path whiteningFile;

    @Option(
            names = "--level",
            defaultValue = "region",
            description =
                    "With --whiten pca and the rmac head: whiten region vectors (region) or the descriptor (global); default ${DEFAULT-VALUE}.")
    String level;

    @Option(
            names = "--ridge",
            defaultValue = "1e-6",
            description =
                    "PCA-whitening ridge, a fraction of the mean eigenvalue added to each (default ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--dim", description = "Output dimension of the whitening (default: the input's).")
    Integer dim;

    @Option(
            names = "--power",
            defaultValue = "0.5",
            description = "Whitening shrinkage power: 0.5 = full, 0 = rotation only (default ${DEFAULT-VALUE}).")
    double power;

    @Option(
            names = "--bundle-version",
            paramLabel = "V",
            description = "Bundle version (default: derived from the settings and, with codebooks, their fingerprint).")
    String version;

    @Option(
            names = "--pq-m",
            paramLabel = "M",
            defaultValue = "0",
            description =
                    "Learn flat PQ codebooks of M sub-quantizers x 256 (M-byte codes; M divides the dimension); 0 = none (default). Enables search mode pq.")
    int pqM;

    @Option(
            names = "--opq",
            description =
                    "With --pq-m: also learn an OPQ rotation (Ge et al.) applied before the flat PQ, for less quantization error on correlated descriptors.")
    boolean opq;

    @Option(
            names = "--ivf-nlist",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Learn an IVF coarse quantizer of N cells with residual PQ; 0 = none (default). Enables search mode ivfpq.")
    int ivfNlist;

    @Option(
            names = "--ivf-m",
            paramLabel = "M",
            description = "Sub-quantizers of the IVF residual PQ (default: --pq-m, or 32 without it).")
    Integer ivfM;

    @Option(
            names = "--pq-seed",
            paramLabel = "S",
            defaultValue = "42",
            description =
                    "k-means seed of the codebooks: same images and seed, same codebooks (default ${DEFAULT-VALUE}).")
    long pqSeed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SightlineConfig config = options.load();
        Path dir = images != null
                ? DatasetLocations.requireFolder(images, "--images")
                : config.datasets().requirePresent(config.datasets().paris()).images();
        Path backbone = config.path(SightlineConfig.MODEL_PATH);
        List<Path> files = UploadPublisher.imagesIn(dir);
        String sha = ModelBundle.sha256(backbone);
        Map<String, String> params = new HashMap<>(Map.of("levels", String.valueOf(levels), "p", String.valueOf(p)));
        String name = version != null
                ? version
                : head + "-" + String.join("+", layers) + "-s"
                        + scales.stream()
                                .map(String::valueOf)
                                .reduce((a, b) -> a + "+" + b)
                                .orElseThrow()
                        + (whiten.equals("pca") ? "-pcaw" : whiten.equals("centre") ? "-centre" : "") + "@"
                        + sha.substring(0, 8);
        BundleManifest.BackboneSpec backboneSpec = new BundleManifest.BackboneSpec(
                backbone.toString(), sha, "OnnxRuntime", layers, BundleModel.IMAGENET_MEAN, BundleModel.IMAGENET_STD);
        BundleManifest.HeadSpec headSpec = new BundleManifest.HeadSpec(head, params);
        int sessions = config.threads(SightlineConfig.MODEL_SESSIONS);

        // 1. The head as it is, to learn from (and to know its dimension).
        BundleManifest plain = new BundleManifest(
                BundleManifest.FORMAT,
                name,
                backboneSpec,
                scales,
                "sum",
                headSpec,
                null,
                1,
                Map.of(),
                Map.of(),
                "",
                Instant.now().toString());
        ModelBundle bundle;
        String learnedFrom;
        try (BundleModel.Opened model =
                BundleModel.open(new ModelBundle(plain, Map.of(), backbone), sessions, Map.of())) {
            int inputDim = model.extractor().dimension();
            if (whiten.equals("pca") || whiten.equals("centre")) {
                boolean regional = whiten.equals("pca") && head.equals("rmac") && level.equals("region");
                List<float[]> samples = regional ? regionVectors(model, files) : descriptors(model, files);
                Whitening w = whiten.equals("centre")
                        ? Centring.of(Centring.mean(samples))
                        : new PcaWhiteningLearner(dim != null ? dim : samples.get(0).length, power, ridge)
                                .learn(samples);
                learnedFrom = (whiten.equals("centre")
                                ? "centring (the mean descriptor)"
                                : "unsupervised PCA-whitening (power " + power + ", ridge " + ridge + ")")
                        + " of "
                        + samples.size() + (regional ? " region vectors" : " descriptors") + " of " + files.size()
                        + " images in " + dir;
                BundleManifest m = new BundleManifest(
                        BundleManifest.FORMAT,
                        name,
                        backboneSpec,
                        scales,
                        "sum",
                        headSpec,
                        BundleModel.whiteningSpec(w, whiten, regional ? "region" : "global", power),
                        w.outputDimension(),
                        BundleModel.whiteningArrays(w),
                        Map.of(),
                        learnedFrom,
                        Instant.now().toString());
                bundle = new ModelBundle(m, BundleModel.whiteningValues(w), backbone);
                if (whiteningFile != null) {
                    if (regional) {
                        throw new IllegalArgumentException(
                                "--whitening-file takes a global whitening: add --level global");
                    }
                    WhiteningFile.write(
                            whiteningFile,
                            w,
                            learnedFrom + "; model " + name + " (layers " + layers + ", head " + head
                                    + ", longest sides " + scales + "), by ./sightline fit");
                    out.printf("whitening %s written to %s%n", w.name(), whiteningFile);
                }
            } else if (whiten.equals("none")) {
                learnedFrom = "nothing learned: pretrained backbone, fixed head";
                bundle = new ModelBundle(
                        new BundleManifest(
                                BundleManifest.FORMAT,
                                name,
                                backboneSpec,
                                scales,
                                "sum",
                                headSpec,
                                null,
                                inputDim,
                                Map.of(),
                                Map.of(),
                                learnedFrom,
                                Instant.now().toString()),
                        Map.of(),
                        backbone);
            } else {
                throw new IllegalArgumentException("--whiten must be none, centre or pca, got " + whiten);
            }
        }
        // 2. Codebooks, learned on the descriptors the bundle itself produces.
        String codebooks = "";
        if (pqM > 0 || ivfNlist > 0) {
            CodebookShape shape = new CodebookShape(pqM, opq, ivfNlist, ivfM != null ? ivfM : pqM > 0 ? pqM : 32);
            shape.check(bundle.manifest().dimension());
            try (BundleModel.Opened model = BundleModel.open(bundle, sessions, Map.of())) {
                long started = System.nanoTime();
                // 256 centroids per sub-space need more vectors than a small collection has: each photo and three
                // views of it (mirrored, smaller), which keep the training distribution that of the collection.
                List<float[]> vectors = new TrainingViews(
                                new ImageDecoder(ImageLimits.defaults()), model.extractor(), sessions)
                        .describeWithOriginals(dir);
                Quantizers learned = shape.learn(vectors, pqSeed);
                codebooks = "; " + shape.name() + " codebooks (k-means seed " + pqSeed + ") learned from "
                        + vectors.size() + " descriptors: the images in " + dir + " and 3 views of each";
                bundle = BundleQuantizers.with(
                        bundle,
                        learned,
                        version != null
                                ? version
                                : bundle.version() + "-" + shape.name() + "-" + BundleQuantizers.fingerprint(learned));
                out.printf(
                        "codebooks %s learned from %d vectors in %.1f s%n",
                        shape.name(), vectors.size(), (System.nanoTime() - started) / 1e9);
            }
        }
        // 3. Measure the bundle as every service will build it.
        Map<String, Double> figures = new LinkedHashMap<>();
        if (gt != null) {
            try (BundleModel.Opened model = BundleModel.open(bundle, sessions, Map.of())) {
                OxfordEvaluation.Descriptors d = new OxfordEvaluation(
                                new ImageDecoder(ImageLimits.defaults()), model.extractor())
                        .describe(dir, gt);
                figures.put("mAP", d.evaluate(PostProcessing.none()).mAP());
                figures.put(
                        "mAP_" + PostProcessing.best().name(),
                        d.evaluate(PostProcessing.best()).mAP());
            }
        }
        // 4. Match levels, calibrated on the descriptors the bundle serves.
        BundleManifest.MatchThresholdsSpec thresholds =
                calibrate ? calibrateMatchLevels(config, bundle, dir, out) : null;
        BundleManifest m = bundle.manifest();
        ModelBundle written = new ModelBundle(
                new BundleManifest(
                        m.format(),
                        m.version(),
                        m.backbone(),
                        m.scales(),
                        m.scaleAggregation(),
                        m.head(),
                        m.whitening(),
                        m.dimension(),
                        m.arrays(),
                        figures,
                        m.learnedFrom() + codebooks,
                        m.createdAt(),
                        thresholds),
                arraysOf(bundle),
                backbone);
        written.write(bundleDir);
        out.printf("bundle %s (dim %d) written to %s%n", m.version(), m.dimension(), bundleDir);
        figures.forEach((k, v) -> out.printf("  %s %.4f%n", k, v));
        return 0;
    }

    /**
     * The leave-one-out calibration of {@code eval --protocol loo --views --calibrate} on {@code dir}, with the
     * extraction stack a node builds for this bundle (its decoder, scales and whitening), so the thresholds are
     * those of the similarities search will report.
     */
    private BundleManifest.MatchThresholdsSpec calibrateMatchLevels(
            SightlineConfig config, ModelBundle bundle, Path dir, PrintWriter out) throws Exception {
        List<LooQuery> labelled = gt == null ? List.of() : LooGroundTruth.of(OxfordGroundTruth.load(gt));
        List<LooQuery> queries = MatchCalibration.queries(dir, labelled);
        if (queries.size() < 2) {
            throw new IllegalArgumentException(
                    "--calibrate needs at least 2 JPEG photos in " + dir + ", found " + queries.size());
        }
        long started = System.nanoTime();
        MatchCalibration.Result cal;
        try (ExtractionStack stack = ExtractionStack.fromBundle(config, bundle)) {
            LooEvaluation.Descriptors d = new LooEvaluation(
                            stack.decoder(),
                            stack.extractor(),
                            Runtime.getRuntime().availableProcessors())
                    .describe(dir, queries, MatchCalibration.views());
            cal = MatchCalibration.calibrate(d);
        }
        MatchThresholds t = cal.thresholds();
        if (!Double.isFinite(t.duplicate()) || !Double.isFinite(t.nearDuplicate())) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "cannot calibrate the match levels of %s on %d photos of %s: no similarity has %.0f%% (duplicate)"
                            + " or %.0f%% (near-duplicate) of the pairs above it copies (%s); use more photos",
                    bundle.version(),
                    queries.size(),
                    dir,
                    100 * MatchCalibration.DUPLICATE_PRECISION,
                    100 * MatchCalibration.NEAR_DUPLICATE_PRECISION,
                    MatchCalibration.describe(t)));
        }
        long labelledHere =
                queries.stream().filter(q -> !q.positives().isEmpty()).count();
        String samePlaceNote;
        if (gt == null) {
            samePlaceNote = "same-place not calibrated: it needs --gt (which photos show the same landmark)";
        } else if (!cal.samePlaceCalibrated()) {
            samePlaceNote = "same-place not calibrated: " + gt + " labels no pair of these photos as the same landmark";
        } else {
            samePlaceNote = "same-place on " + cal.samePlacePairs() + " same-landmark pairs of " + labelledHere
                    + " photos labelled in " + gt;
        }
        String calibratedOn = String.format(
                Locale.ROOT,
                "%d photos in %s, each also %s, against the photos: %d pairs; %s",
                queries.size(),
                dir,
                QueryView.degraded().stream().map(QueryView::tag).toList(),
                cal.pairs(),
                samePlaceNote);
        Double samePlace = cal.samePlaceCalibrated() ? t.samePlace() : null;
        BundleManifest.MatchThresholdsSpec spec =
                new BundleManifest.MatchThresholdsSpec(t.duplicate(), t.nearDuplicate(), samePlace, calibratedOn);
        out.printf(
                Locale.ROOT,
                "match levels calibrated on %d photos x %d views (%d pairs) in %.1f s: duplicate %.3f, "
                        + "near-duplicate %.3f, same-place %s%n",
                queries.size(),
                MatchCalibration.views().size(),
                cal.pairs(),
                (System.nanoTime() - started) / 1e9,
                spec.duplicate(),
                spec.nearDuplicate(),
                samePlace == null ? "-" : String.format(Locale.ROOT, "%.3f", samePlace));
        cal.duplicateRecall()
                .forEach((v, r) -> out.printf(Locale.ROOT, "  view %-10s at 'duplicate' %.3f%n", v.tag(), r));
        if (samePlace == null) {
            out.println("  " + samePlaceNote + "; where this bundle is served, "
                    + SightlineConfig.SEARCH_MATCH_SAME_PLACE + " applies");
        }
        return spec;
    }

    private static Map<String, float[]> arraysOf(ModelBundle bundle) {
        Map<String, float[]> arrays = new HashMap<>();
        bundle.manifest().arrays().keySet().forEach(n -> arrays.put(n, bundle.array(n)));
        return arrays;
    }

    /** L2-normalised R-MAC region vectors of every image at the first scale: what region whitening learns from. */
    private List<float[]> regionVectors(BundleModel.Opened model, List<Path> files) throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<float[]> regions = new ArrayList<>();
        for (Path file : files) {
            var resized = Images.resizeLongestSide(decoder.decode(Files.readAllBytes(file)), scales.get(0));
            Map<String, FeatureMap> maps = model.backbone().extract(resized);
            for (float[] r : RegionVectors.of(maps.get(layers.get(0)), levels).vectors()) {
                float[] copy = r.clone();
                Vectors.l2normalize(copy);
                regions.add(copy);
            }
        }
        return regions;
    }

    private static List<float[]> descriptors(BundleModel.Opened model, List<Path> files) throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<float[]> out = new ArrayList<>();
        for (Path file : files) {
            out.add(model.extractor().extract(decoder.decode(Files.readAllBytes(file))));
        }
        return out;
    }
}
