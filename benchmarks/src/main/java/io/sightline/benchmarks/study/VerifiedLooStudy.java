package io.sightline.benchmarks.study;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.data.DatasetLocations;
import io.sightline.eval.Bootstrap;
import io.sightline.eval.EvalReport;
import io.sightline.eval.LooEvaluation;
import io.sightline.eval.LooGroundTruth;
import io.sightline.eval.LooGroundTruth.LooQuery;
import io.sightline.eval.LooReport;
import io.sightline.eval.OxfordEvaluation;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.PostProcessing;
import io.sightline.eval.QueryView;
import io.sightline.verify.GeometricVerifier;
import io.sightline.verify.LocalFeatures;
import io.sightline.verify.RerankParams;
import io.sightline.verify.ShortlistVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Chooses shortlist verification (issue #20) on the leave-one-out protocol through the product's own extractor and
 * post-processing ({@link ExtractionStack} with the default configuration, {@link PostProcessing#over}); a
 * measurement tool, not a test. For each shortlist size K it sweeps a grid of re-ranking rules, reports the best
 * rule's loo mAP (optimistic: chosen on the same queries) and the honest figure, leave-one-landmark-out: for each
 * landmark, the rule that wins on the other landmarks' queries scores that landmark's queries. Inlier counts are
 * computed once per pair and shared by every rule. Writes {@code target/verified-loo-study.md}.
 */
public final class VerifiedLooStudy {

    private static final int[] KS = {25, 50, 100};
    private static final int[] MIN_INLIERS = {0, 8, 12, 16, 20};
    private static final int[] CAPS = {30, 60};
    private static final double[] WEIGHTS = {0.05, 0.1, 0.25, 0.5, 1, 2};

    private VerifiedLooStudy() {}

    public static void main(String[] args) throws Exception {
        SightlineConfig config = SightlineConfig.load(
                Map.of(), System.getenv(), Map.of(), Path.of("").toAbsolutePath());
        List<QueryView> views = List.of(QueryView.values());
        DatasetLocations.Dataset paris =
                config.datasets().requirePresent(config.datasets().paris());
        List<LooQuery> loo = LooGroundTruth.of(OxfordGroundTruth.load(paris.groundTruth()));
        StringBuilder md = new StringBuilder();
        try (ExtractionStack stack = ExtractionStack.fromConfig(config)) {
            long t0 = System.nanoTime();
            LooEvaluation.Descriptors d = new LooEvaluation(
                            stack.decoder(),
                            stack.extractor(),
                            Runtime.getRuntime().availableProcessors())
                    .describe(paris.images(), loo, views);
            System.out.printf(Locale.ROOT, "described in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            OxfordEvaluation.Descriptors oxford = new OxfordEvaluation(stack.decoder(), stack.extractor())
                    .describe(paris.images(), paris.groundTruth());
            md.append(storage(d));
            md.append(pairTiming(d));
            PostProcessing base =
                    PostProcessing.best().withMatching(stack.matching(config).thresholds());
            LooReport none = d.evaluate(base, views);
            md.append("| setting | loo all views [95%] | loo original | 12 queries |\n|---|---|---|---|\n");
            md.append(row("no verification: " + base.name(), none, oxford.evaluate(base)));
            for (int k : KS) {
                t0 = System.nanoTime();
                Map<RerankParams, LooReport> byRule = new LinkedHashMap<>();
                for (RerankParams rule : rules()) {
                    byRule.put(
                            rule,
                            d.evaluate(
                                    base.withVerification(ShortlistVerification.defaults()
                                            .withK(k)
                                            .withRule(rule)),
                                    views));
                }
                System.out.printf(
                        Locale.ROOT, "K=%d: %d rules in %.0f s%n", k, byRule.size(), (System.nanoTime() - t0) / 1e9);
                RerankParams best = byRule.entrySet().stream()
                        .max(Comparator.comparingDouble(e -> e.getValue().mAP()))
                        .orElseThrow()
                        .getKey();
                PostProcessing bestPost = base.withVerification(
                        ShortlistVerification.defaults().withK(k).withRule(best));
                md.append(row(
                        "K " + k + ", best rule on all queries (optimistic): " + ruleName(best),
                        byRule.get(best),
                        oxford.evaluate(bestPost)));
                md.append(crossValidated(k, byRule, none));
                for (RerankParams fixed : List.of(new RerankParams(8, 30, 0.5), new RerankParams(12, 30, 0.25))) {
                    if (byRule.containsKey(fixed)) {
                        md.append(row(
                                "K " + k + ", rule " + ruleName(fixed),
                                byRule.get(fixed),
                                oxford.evaluate(base.withVerification(ShortlistVerification.defaults()
                                        .withK(k)
                                        .withRule(fixed)))));
                    }
                }
                System.out.print(md);
            }
        }
        Files.writeString(Path.of("target/verified-loo-study.md"), md.toString());
        System.out.println(md);
    }

    private static List<RerankParams> rules() {
        List<RerankParams> out = new ArrayList<>();
        for (int min : MIN_INLIERS) {
            for (int cap : CAPS) {
                for (double w : WEIGHTS) {
                    out.add(new RerankParams(min, cap, w));
                }
            }
        }
        return out;
    }

    /** For each landmark, the rule best on the other landmarks' queries, scored on its own; pooled. */
    private static String crossValidated(int k, Map<RerankParams, LooReport> byRule, LooReport none) {
        TreeSet<String> landmarks = new TreeSet<>();
        none.results().forEach(r -> landmarks.add(r.landmark()));
        List<LooReport.Result> pooled = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        for (String held : landmarks) {
            RerankParams best = byRule.entrySet().stream()
                    .max(Comparator.comparingDouble(e -> mean(e.getValue(), held, false)))
                    .orElseThrow()
                    .getKey();
            chosen.add(held + ":" + ruleName(best));
            byRule.get(best).results().stream()
                    .filter(r -> r.landmark().equals(held))
                    .forEach(pooled::add);
        }
        LooReport cv = new LooReport(pooled);
        // Paired against no verification on the same query photos.
        Bootstrap.Interval diff = LooReport.pairedDifference(cv, none);
        return String.format(
                Locale.ROOT,
                "| K %d, rule chosen leave-one-landmark-out (%s) | %s | %.4f | paired diff vs none %s |%n",
                k,
                String.join(", ", chosen),
                cv.overall(),
                cv.mAP(QueryView.ORIGINAL),
                diff);
    }

    private static double mean(LooReport report, String landmark, boolean only) {
        return report.results().stream()
                .filter(r -> r.landmark().equals(landmark) == only)
                .mapToDouble(LooReport.Result::ap)
                .average()
                .orElse(0);
    }

    private static String row(String name, LooReport loo, EvalReport oxford) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.4f | %.4f |%n",
                name,
                loo.overall(),
                loo.mAP(QueryView.ORIGINAL),
                oxford.mAP());
    }

    private static String ruleName(RerankParams r) {
        return "min " + r.minInliers() + " cap " + r.inlierCap() + " w " + r.weight();
    }

    private static String storage(LooEvaluation.Descriptors d) {
        double bytes = d.databaseLocal().stream()
                .mapToInt(f -> f.toBytes().length)
                .average()
                .orElse(0);
        double kp = d.databaseLocal().stream()
                .mapToInt(LocalFeatures::size)
                .average()
                .orElse(0);
        return String.format(
                Locale.ROOT,
                "local features: %.0f keypoints, %.0f bytes per image (mean of %d)%n%n",
                kp,
                bytes,
                d.databaseLocal().size());
    }

    /** Median and p99 ms of one verification, over 400 database pairs, one thread. */
    private static String pairTiming(LooEvaluation.Descriptors d) {
        GeometricVerifier v =
                new GeometricVerifier(ShortlistVerification.defaults().verifier());
        List<LocalFeatures> db = d.databaseLocal();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 420; i++) {
            LocalFeatures a = db.get((i * 7) % db.size());
            LocalFeatures b = db.get((i * 13 + 1) % db.size());
            long t = System.nanoTime();
            v.verify(a, b);
            if (i >= 20) {
                ms.add((System.nanoTime() - t) / 1e6);
            }
        }
        ms.sort(null);
        return String.format(
                Locale.ROOT,
                "one verification: p50 %.2f ms, p99 %.2f ms (400 pairs, one thread)%n%n",
                ms.get(ms.size() / 2),
                ms.get((int) (ms.size() * 0.99)));
    }
}
