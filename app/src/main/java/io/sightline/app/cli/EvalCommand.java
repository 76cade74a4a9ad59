package io.sightline.app.cli;

import io.sightline.app.config.MatchThresholdsResolver;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.report.EvalReportWriter;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.bundle.CodebookShape;
import io.sightline.bundle.ModelBundle;
import io.sightline.data.DatasetLocations;
import io.sightline.eval.CompressedEvaluation;
import io.sightline.eval.EvalReport;
import io.sightline.eval.LooEvaluation;
import io.sightline.eval.LooGroundTruth;
import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.eval.LooReport;
import io.sightline.eval.MatchCalibration;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.OxfordQuery;
import io.sightline.eval.PostProcessing;
import io.sightline.eval.QueryResult;
import io.sightline.eval.QueryView;
import io.sightline.eval.RevisitedGroundTruth;
import io.sightline.eval.TrainingViews;
import io.sightline.expansion.QueryExpansion;
import io.sightline.index.Quantizers;
import io.sightline.pq.KMeansParams;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The Oxford retrieval protocol on a folder of photos with Oxford-format ground truth. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Oxford protocol (queries cropped to their box, junk ignored, Oxford AP) with the pipeline's",
            "own extraction code, then database-side augmentation and query expansion (defaults: the best",
            "measured setting). Prints one line per query and a last line 'mAP 0.xxxx'",
            "('mAP E 0.xxxx M 0.xxxx H 0.xxxx' with --protocol revisited)."
        })
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = {
                "Database photos (default: the Paris subset's images,",
                "data.paris, or the in-repository sample where it is absent; with --protocol revisited: the folder jpg next",
                "to the --gt pickle, as ./sightline datasets get lays it out)."
            })
    Path images;

    @Option(
            names = "--gt",
            paramLabel = "DIR|FILE.pkl",
            description = {
                "Ground truth (default: the ground truth of the",
                "data set --images defaults to); with --protocol revisited: the revisitop pickle (gnd_roxford5k.pkl,",
                "gnd_rparis6k.pkl), required."
            })
    Path gt;

    @Option(
            names = "--protocol",
            defaultValue = "oxford",
            paramLabel = "P",
            description = {
                "oxford: the ground truth's queries, cropped to their boxes (default);",
                "loo: every positive image of a landmark queries the other images as a whole photo, itself left",
                "out (many queries; prints mAP per view and per landmark with 95%% bootstrap intervals);",
                "revisited: the revisited Oxford / Paris protocol (Radenovic et al. 2018) on a revisitop pickle:",
                "database = its imlist, queries cropped to bbx, mAP for Easy, Medium and Hard."
            })
    String protocol;

    @Option(
            names = "--views",
            description = {
                "With --protocol loo: also query with degraded views of each photo",
                "(downscaled to 320 and 480 px, JPEG quality 30, 80%% centre crop, grayscale, 10-degree rotation)."
            })
    boolean views;

    @Option(
            names = "--calibrate",
            description = {
                "With --protocol loo: calibrate the match-level thresholds",
                "(search.match.*) on every photo and its degraded views, and count the copies ranked first per view.",
                "With --train-on as well: the copy count calibrated on those photos' copies alone, tested on the others'."
            })
    boolean calibrate;

    @Option(
            names = "--max-side",
            paramLabel = "S",
            description = "Longest side images are resized to (default: extract.longest.side).")
    Integer maxSide;

    @Option(
            names = "--bundle",
            paramLabel = "BUNDLE",
            description = "Evaluate this model bundle (default: model.bundle, else the default model).")
    Path bundle;

    @Option(
            names = "--qe",
            description = {
                "Query expansion: none, avg:K[:MIN] or alpha:K:ALPHA[:MIN] (MIN: only",
                "neighbours at least that similar expand); default: search.query.expansion, what the search API serves."
            })
    String qe;

    @Option(names = "--dba", description = "Database-side augmentation: none or K:ALPHA (default: search.dba).")
    String dba;

    @Option(
            names = "--dba-shortlist",
            paramLabel = "R",
            description = {
                "DBA re-ranks only each round's first R raw hits by their augmented vectors, as the live",
                "search does (default: search.dba.shortlist); 0: offline DBA over the whole database."
            })
    Integer dbaShortlist;

    @Option(
            names = "--superglobal",
            paramLabel = "M:K:BETA",
            description = "SuperGlobal re-ranking: none or M:K:BETA, e.g. 400:9:0.15 (default: search.superglobal).")
    String superGlobal;

    @Option(
            names = "--no-copies-first",
            description = {
                "Do not rank copies of the query (raw similarity at",
                "search.match.duplicate) first, as the search API does."
            })
    boolean noCopiesFirst;

    @Option(
            names = "--verify",
            paramLabel = "K",
            description = {
                "Verify each round's first K hits geometrically and re-rank them, as the search API does",
                "(default: search.verify); 0: off."
            })
    Integer verify;

    @Option(
            names = "--test-on",
            split = ",",
            paramLabel = "PREFIX",
            description =
                    "Score only the queries whose query image starts with one of these prefixes (e.g. paris_louvre); the database stays whole.")
    List<String> testOn;

    @Option(
            names = "--train-on",
            split = ",",
            paramLabel = "PREFIX",
            description =
                    "Landmarks supervised parts may learn from (recorded in the report; the default configuration learns nothing).")
    List<String> trainOn;

    @Option(
            names = "--pq",
            split = ",",
            paramLabel = "BYTES",
            description = {
                "Also evaluate the database stored as 8-bit PQ codes of these sizes (e.g. 16,32,64,128),",
                "codebooks learned on mirrored and smaller views of the collection's own photos; with a --bundle",
                "that carries flat PQ codebooks, first a row with the bundle's own codebooks (what it serves)."
            })
    List<Integer> pqBytes;

    @Option(
            names = "--opq",
            description = "With --pq: also evaluate each size with an OPQ rotation learned before the PQ.")
    boolean opq;

    @Option(
            names = "--rerank",
            defaultValue = "100",
            paramLabel = "R",
            description = "With --pq: also re-rank the first R hits by exact score (default ${DEFAULT-VALUE}).")
    int rerank;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write eval.json (every figure) and eval-map.png (mAP per configuration) into DIR.")
    Path report;

    @Override
    public Integer call() throws Exception {
        Map<String, String> extra = new java.util.HashMap<>();
        if (maxSide != null) {
            extra.put(SightlineConfig.LONGEST_SIDE, String.valueOf(maxSide));
        }
        if (bundle != null) {
            extra.put(SightlineConfig.MODEL_BUNDLE, bundle.toAbsolutePath().toString());
        }
        SightlineConfig config = options.load(extra);
        PrintWriter out = spec.commandLine().getOut();
        if (protocol.equalsIgnoreCase("revisited")) {
            return runRevisited(config, out);
        }
        DatasetLocations.Dataset data = config.datasets().parisOrSample();
        Path imagesDir = images != null ? DatasetLocations.requireFolder(images, "--images") : data.images();
        Path gtDir = gt != null ? DatasetLocations.requireFolder(gt, "--gt") : data.groundTruth();
        if (protocol.equalsIgnoreCase("loo")) {
            return runLoo(config, imagesDir, gtDir, out);
        }
        if (!protocol.equalsIgnoreCase("oxford")) {
            throw new IllegalArgumentException("--protocol " + protocol + ": expected oxford, loo or revisited");
        }
        try (ExtractionStack extraction = ExtractionStack.fromConfig(config)) {
            PostProcessing chosen = served(config, extraction, out);
            long started = System.nanoTime();
            OxfordEvaluation.Descriptors descriptors =
                    new OxfordEvaluation(extraction.decoder(), extraction.extractor()).describe(imagesDir, gtDir);
            List<OxfordQuery> queries = testOn == null
                    ? descriptors.queries()
                    : descriptors.queries().stream()
                            .filter(q -> testOn.stream().anyMatch(q.imageName()::startsWith))
                            .toList();
            if (queries.isEmpty()) {
                throw new IllegalArgumentException("no query image starts with " + testOn);
            }
            EvalReport result = descriptors.evaluate(chosen, queries);
            for (QueryResult r : result.results()) {
                out.printf("%-16s AP %.4f%n", r.name(), r.ap());
            }
            String model = extraction.extractor().modelVersion();
            out.printf(
                    "model %s, %s, %d queries, %.1f s%n",
                    model, chosen.name(), queries.size(), (System.nanoTime() - started) / 1e9);
            if (report != null) {
                writeReport(descriptors, queries, chosen, model, result);
                out.printf("report: %s%n", report.resolve("eval.json"));
            }
            if (pqBytes != null) {
                printCompressed(out, extraction, imagesDir, descriptors, queries, chosen);
            }
            out.printf("mAP %.4f%n", result.mAP());
        }
        return 0;
    }

    /**
     * What the search API serves, from the same configuration keys (search.query.expansion, search.dba,
     * search.dba.shortlist, search.superglobal, search.verify*), each overridable by this command's options, and the same match-level
     * thresholds, resolved as a served generation resolves them (keys set, else the bundle's calibration, else the
     * defaults): their near-duplicate level decides which results rank first. Prints the thresholds and their sources.
     */
    private PostProcessing served(SightlineConfig config, ExtractionStack extraction, PrintWriter out) {
        MatchThresholdsResolver.Resolved matching = extraction.matching(config);
        out.printf("match levels: %s%n", matching.describe());
        String qeSpec = qe != null ? qe : config.getString(SightlineConfig.SEARCH_QUERY_EXPANSION);
        String dbaSpec = dba != null ? dba : config.getString(SightlineConfig.SEARCH_DBA);
        int shortlist = dbaShortlist != null ? dbaShortlist : config.getInt(SightlineConfig.SEARCH_DBA_SHORTLIST);
        PostProcessing post = new PostProcessing(
                        PostProcessing.parseQueryExpansion(qeSpec), PostProcessing.parseAugmentation(dbaSpec))
                .withDbaShortlist(shortlist)
                .withVerification(
                        verify == null
                                ? config.verification()
                                : config.verification().withK(verify))
                .withSuperGlobal(io.sightline.expansion.SuperGlobalRerank.parse(
                        superGlobal != null ? superGlobal : config.getString(SightlineConfig.SEARCH_SUPERGLOBAL)));
        return noCopiesFirst ? post : post.withMatching(matching.thresholds());
    }

    /** The revisited protocol: one ranking per query, scored Easy, Medium and Hard as revisitop does. */
    private int runRevisited(SightlineConfig config, PrintWriter out) throws Exception {
        if (gt == null) {
            throw new IllegalArgumentException("--protocol revisited needs --gt FILE.pkl (e.g. gnd_roxford5k.pkl;"
                    + " ./sightline datasets get roxford5k downloads it)");
        }
        if (pqBytes != null || report != null) {
            throw new IllegalArgumentException("--pq and --report are for --protocol oxford");
        }
        RevisitedGroundTruth truth = RevisitedGroundTruth.load(gt);
        Path imagesDir =
                images != null ? images : gt.toAbsolutePath().getParent().resolve("jpg");
        List<OxfordQuery> queries = truth.oxfordQueries(RevisitedGroundTruth.Setting.MEDIUM);
        if (testOn != null) {
            queries = queries.stream()
                    .filter(q -> testOn.stream().anyMatch(q.imageName()::startsWith))
                    .toList();
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no query image starts with " + testOn);
        }
        try (ExtractionStack extraction = ExtractionStack.fromConfig(config)) {
            PostProcessing chosen = served(config, extraction, out);
            long started = System.nanoTime();
            OxfordEvaluation.Descriptors descriptors = new OxfordEvaluation(
                            extraction.decoder(), extraction.extractor())
                    .describe(imagesDir, truth.images(), queries);
            Map<RevisitedGroundTruth.Setting, EvalReport> result = truth.evaluate(descriptors, chosen, queries);
            for (OxfordQuery q : queries) {
                StringBuilder line = new StringBuilder(String.format("%-24s AP", q.name()));
                for (RevisitedGroundTruth.Setting s : RevisitedGroundTruth.Setting.values()) {
                    line.append(' ')
                            .append(s.tag())
                            .append(' ')
                            .append(result.get(s).results().stream()
                                    .filter(r -> r.name().equals(q.name()))
                                    .findFirst()
                                    .map(r -> String.format("%.4f", r.ap()))
                                    .orElse("  -   "));
                }
                out.println(line);
            }
            out.printf(
                    "model %s, %s, %d queries, %d database images, %.1f s%n",
                    extraction.extractor().modelVersion(),
                    chosen.name(),
                    queries.size(),
                    descriptors.names().size(),
                    (System.nanoTime() - started) / 1e9);
            // A setting no query has positives under (e.g. a ground truth without hard images) prints '-'.
            StringBuilder last = new StringBuilder("mAP");
            result.forEach((s, r) -> last.append(' ')
                    .append(s.tag())
                    .append(' ')
                    .append(Double.isNaN(r.mAP()) ? "-" : String.format("%.4f", r.mAP())));
            out.println(last);
        }
        return 0;
    }

    /** The leave-one-out protocol: per view, per landmark and overall mAP with 95% bootstrap intervals. */
    private int runLoo(SightlineConfig config, Path imagesDir, Path gtDir, PrintWriter out) throws Exception {
        List<QueryView> scored = new ArrayList<>(List.of(QueryView.ORIGINAL));
        if (views) {
            scored.addAll(QueryView.degraded());
        }
        List<LooQuery> queries = LooGroundTruth.of(OxfordGroundTruth.load(gtDir));
        if (testOn != null) {
            queries = queries.stream()
                    .filter(q -> testOn.stream().anyMatch(q.imageName()::startsWith))
                    .toList();
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no leave-one-out query image starts with " + testOn);
        }
        if (calibrate && testOn != null) {
            throw new IllegalArgumentException("--calibrate uses every photo; it does not combine with --test-on");
        }
        List<LooQuery> asked = calibrate ? MatchCalibration.queries(imagesDir, queries) : queries;
        try (ExtractionStack extraction = ExtractionStack.fromConfig(config)) {
            PostProcessing chosen = served(config, extraction, out);
            long started = System.nanoTime();
            LooEvaluation.Descriptors descriptors = new LooEvaluation(
                            extraction.decoder(),
                            extraction.extractor(),
                            Runtime.getRuntime().availableProcessors())
                    .describe(imagesDir, asked, scored);
            LooReport result = descriptors.evaluate(chosen, queries, scored);
            String model = extraction.extractor().modelVersion();
            out.printf(
                    "leave-one-out: model %s, %s, %d query images x %d views, %.1f s%n",
                    model, chosen.name(), queries.size(), scored.size(), (System.nanoTime() - started) / 1e9);
            result.byView().forEach((v, i) -> out.printf("view %-10s mAP %s%n", v.tag(), i));
            result.byLandmark().forEach((l, i) -> out.printf("landmark %-14s mAP %s%n", l, i));
            if (report != null) {
                new EvalReportWriter()
                        .writeLoo(
                                report,
                                Map.of(
                                        "model",
                                        model,
                                        "setting",
                                        chosen.name(),
                                        "train_on",
                                        trainOn == null ? List.of() : trainOn),
                                result);
                out.printf("report: %s%n", report.resolve("loo.json"));
            }
            if (calibrate) {
                new CalibrationReport(out).print(descriptors, chosen, Optional.ofNullable(trainOn));
            }
            out.printf("mAP %s (all views)%n", result.overall());
        }
        return 0;
    }

    /** mAP with the database as PQ codes, without and with re-ranking, next to the uncompressed figure. */
    private void printCompressed(
            PrintWriter out,
            ExtractionStack extraction,
            Path imagesDir,
            OxfordEvaluation.Descriptors descriptors,
            List<OxfordQuery> queries,
            PostProcessing chosen)
            throws Exception {
        long started = System.nanoTime();
        List<float[]> training = new ArrayList<>(descriptors.database());
        training.addAll(new TrainingViews(
                        extraction.decoder(),
                        extraction.extractor(),
                        Runtime.getRuntime().availableProcessors())
                .describe(imagesDir));
        out.printf(
                "PQ codebooks learned on %d vectors (the collection and 3 views of each photo) in %.1f s%n",
                training.size(), (System.nanoTime() - started) / 1e9);
        List<PostProcessing> settings = List.of(PostProcessing.none(), chosen);
        out.printf(
                "%-16s %-7s %-26s %-26s%n",
                "stored as",
                "rerank",
                "mAP " + settings.get(0).name(),
                "mAP " + settings.get(1).name());
        double[] exact = settings.stream()
                .mapToDouble(p -> descriptors.evaluate(p, queries).mAP())
                .toArray();
        out.printf("%-16s %-7s %-26.4f %-26.4f%n", "float32", "-", exact[0], exact[1]);
        Map<String, CompressedEvaluation> coded = new LinkedHashMap<>();
        if (bundle != null) {
            BundleQuantizers.of(ModelBundle.read(bundle))
                    .map(Quantizers::pq)
                    .ifPresent(pq -> coded.put("bundle PQ " + pq.codeSize() + " B", CompressedEvaluation.of(pq)));
        }
        for (int bytes : pqBytes) {
            coded.put("PQ " + bytes + " B", CompressedEvaluation.train(training, bytes, KMeansParams.defaults(42)));
            if (opq) {
                coded.put(
                        "OPQ " + bytes + " B",
                        CompressedEvaluation.train(
                                training, bytes, CodebookShape.OPQ_ITERATIONS, KMeansParams.defaults(42)));
            }
        }
        for (Map.Entry<String, CompressedEvaluation> e : coded.entrySet()) {
            for (int r : rerank > 0 ? new int[] {0, rerank} : new int[] {0}) {
                double[] map = settings.stream()
                        .mapToDouble(p -> e.getValue()
                                .evaluate(descriptors, p, r, queries)
                                .mAP())
                        .toArray();
                out.printf(
                        "%-16s %-7d %.4f (%+.4f)%-10s %.4f (%+.4f)%n",
                        e.getKey(), r, map[0], map[0] - exact[0], "", map[1], map[1] - exact[1]);
            }
        }
    }

    /** The chosen setting next to plain ranking, QE only and DBA only, all on the same descriptors. */
    private void writeReport(
            OxfordEvaluation.Descriptors descriptors,
            List<OxfordQuery> queries,
            PostProcessing chosen,
            String model,
            EvalReport chosenResult)
            throws java.io.IOException {
        Map<String, EvalReport> byConfig = new LinkedHashMap<>();
        byConfig.put("plain", descriptors.evaluate(PostProcessing.none(), queries));
        byConfig.put(
                "qe " + chosen.queryExpansion().name(),
                descriptors.evaluate(new PostProcessing(chosen.queryExpansion(), Optional.empty()), queries));
        chosen.augmentation()
                .ifPresent(a -> byConfig.put(
                        "dba " + a.name(),
                        descriptors.evaluate(new PostProcessing(QueryExpansion.none(), Optional.of(a)), queries)));
        byConfig.put("chosen " + chosen.name(), chosenResult);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("model", model);
        context.put("images", descriptors.names().size());
        context.put("queries", queries.stream().map(OxfordQuery::name).toList());
        context.put("train_on", trainOn == null ? List.of() : trainOn);
        context.put("test_on", testOn == null ? List.of("all") : testOn);
        context.put("setting", chosen.name());
        new EvalReportWriter().write(report, context, byConfig);
    }
}
