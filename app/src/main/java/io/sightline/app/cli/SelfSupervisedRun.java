package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ConfiguredModelBundle;
import io.sightline.app.node.ExtractionStack;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.ModelBundle;
import io.sightline.descriptor.Descriptor;
import io.sightline.eval.LooGroundTruth;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.trainer.mining.MinedPairs;
import io.sightline.trainer.mining.MiningParams;
import io.sightline.trainer.mining.MiningReport;
import io.sightline.trainer.mining.PairMiner;
import io.sightline.trainer.mining.PseudoLabelCheck;
import io.sightline.trainer.mining.PseudoLandmarks;
import io.sightline.trainer.training.Trainer;
import io.sightline.trainer.training.TrainingConfig;
import io.sightline.trainer.training.TrainingListener;
import io.sightline.trainer.training.TrainingOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code train --self-supervised}: adapts the model to a collection without labels (issue #22). The default model
 * describes every image; {@link PairMiner} verifies each image's global neighbours and the connected components of
 * verified pairs become pseudo-landmarks; a share of them is held out and the others are the triplet trainer's labels
 * (written to {@code <out>.mining/labels.tsv}). Each epoch's checkpoint is scored by the label-free
 * {@link PseudoLabelCheck} on the held-out pseudo-landmarks and by {@link
 * io.sightline.trainer.mining.VerifiedNeighbourCheck}, as the unadapted model is, all at the unadapted model's
 * scales. The bundle is the best epoch that gains on both checks, or the unadapted model itself when none does. With {@code --gt} the mined pairs' purity is printed, never trained on.
 */
final class SelfSupervisedRun {

    private final SightlineConfig config;
    private final PrintWriter out;
    private final TrainingListener listener;

    SelfSupervisedRun(SightlineConfig config, PrintWriter out, TrainingListener listener) {
        this.config = config;
        this.out = out;
        this.listener = listener;
    }

    /**
     * How much the best epoch must beat the unadapted model on the pseudo-landmark check to count as an improvement:
     * the check's spread between neighbouring epochs on the Paris subset was 0.001-0.009.
     */
    static final double MIN_GAIN = 0.005;

    /**
     * And on the verified-neighbour check. Neither check alone tracked the loo protocol on the Paris subset
     * (docs/decisions/031), so both must agree before a run calls its bundle an improvement.
     */
    static final double MIN_NEIGHBOUR_GAIN = 0.01;

    /**
     * Both checks' figures for the unadapted model (epoch 0) and every epoch, and the epoch whose model the run
     * wrote: the best by the pseudo-landmark check among the epochs that gain on both checks, or 0, the unadapted
     * model, when none does. A run never hands on a model its own checks rate no better than what it started from.
     */
    record Result(
            TrainingOutcome training,
            double unadapted,
            Map<Integer, Double> byEpoch,
            double unadaptedNeighbours,
            Map<Integer, Double> neighboursByEpoch,
            int chosenEpoch) {

        static Result choose(
                TrainingOutcome training,
                double unadapted,
                Map<Integer, Double> byEpoch,
                double unadaptedNeighbours,
                Map<Integer, Double> neighboursByEpoch) {
            int chosen = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (var e : byEpoch.entrySet()) {
                boolean gains = e.getValue() >= unadapted + MIN_GAIN
                        && neighboursByEpoch.get(e.getKey()) >= unadaptedNeighbours + MIN_NEIGHBOUR_GAIN;
                if (gains && e.getValue() > best) {
                    best = e.getValue();
                    chosen = e.getKey();
                }
            }
            return new Result(training, unadapted, byEpoch, unadaptedNeighbours, neighboursByEpoch, chosen);
        }

        /** Whether the written model is an adapted one: what a trainer service may publish. */
        boolean improves() {
            return chosenEpoch > 0;
        }

        /** The best epoch by the pseudo-landmark check alone, whether or not it gains on both checks. */
        int bestEpoch() {
            return byEpoch.entrySet().stream()
                    .max(Map.Entry.<Integer, Double>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                    .orElseThrow()
                    .getKey();
        }
    }

    /** Where the mined training labels of a run writing {@code out} go. */
    static Path labelsFile(Path out) {
        return workDir(out).resolve("labels.tsv");
    }

    private static Path workDir(Path out) {
        Path absolute = out.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".mining");
    }

    Result run(TrainingConfig requested, Path groundTruth, MiningParams params) throws Exception {
        Path work = workDir(requested.out());
        Files.createDirectories(work);
        List<String> names = imageNames(requested.images());
        listener.stage("describing " + names.size() + " images with the unadapted model");
        Map<String, Descriptor> described = describe(config, requested.images(), names);
        MinedPairs mined = new PairMiner(params)
                .mine(names, names.stream().map(described::get).toList());
        PseudoLandmarks pseudo = PseudoLandmarks.of(mined);
        out.printf(
                Locale.ROOT,
                "mined %d verified neighbour pairs: %d positives (>= %d inliers), %d hard negatives; %d pseudo-landmarks"
                        + " of sizes %s%n",
                mined.verified().size(),
                mined.positives().size(),
                params.minInliers(),
                mined.hardNegatives().size(),
                pseudo.sizes().size(),
                pseudo.sizes());
        if (groundTruth != null) {
            out.println("purity against the ground truth (reported only, never trained on): "
                    + MiningReport.of(mined, pseudo, truth(groundTruth)));
        }
        PseudoLandmarks.Split split = pseudo.split(params.heldOutShare(), params.seed());
        if (split.train().sizes().size() < 2 || split.heldOut().labels().isEmpty()) {
            throw new IllegalArgumentException("mining found " + pseudo.sizes().size() + " pseudo-landmarks in "
                    + names.size() + " images: too few to train on and check (need at least 3)");
        }
        Path labels = labelsFile(requested.out());
        writeLabels(labels, split.train());
        writeLabels(work.resolve("held-out.tsv"), split.heldOut());
        double unadapted = PseudoLabelCheck.meanAveragePrecision(vectors(described), split.heldOut());
        out.printf(
                Locale.ROOT,
                "label-free check (held-out pseudo-landmarks, %d images): unadapted model %.4f%n",
                split.heldOut().labels().size(),
                unadapted);
        // A second label-free figure, reported next to the first: verified share of each untrained image's nearest.
        Map<String, io.sightline.verify.LocalFeatures> locals = new LinkedHashMap<>();
        described.forEach((n, d) -> locals.put(n, d.local().orElseThrow()));
        io.sightline.trainer.mining.VerifiedNeighbourCheck neighbours =
                new io.sightline.trainer.mining.VerifiedNeighbourCheck(locals, 10, params.minInliers());
        List<String> untrained = names.stream()
                .filter(n -> !split.train().labels().containsKey(n))
                .toList();
        double unadaptedNeighbours = neighbours.precision(vectors(described), untrained);
        out.printf(
                Locale.ROOT,
                "verified-neighbour check (%d untrained images, top 10): unadapted model %.4f%n",
                untrained.size(),
                unadaptedNeighbours);
        Map<Integer, Double> neighboursByEpoch = new LinkedHashMap<>();
        TrainingConfig c = mined(requested, labels, work.resolve("checkpoints"));
        TrainingOutcome trained = new Trainer(listener).train(c);
        Map<Integer, Double> byEpoch = new LinkedHashMap<>();
        List<Integer> sides = ConfiguredModelBundle.sides(config);
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            Path checkpoint = c.checkpoints().resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
            // Judged, and served if chosen, at the unadapted model's scales: the comparison is then of what was
            // learned, not of one scale against several.
            atScales(ModelBundle.read(checkpoint), sides).write(checkpoint);
            Map<String, Descriptor> adapted = describe(withBundle(checkpoint), requested.images(), names);
            double score = PseudoLabelCheck.meanAveragePrecision(vectors(adapted), split.heldOut());
            byEpoch.put(epoch, score);
            neighboursByEpoch.put(epoch, neighbours.precision(vectors(adapted), untrained));
            out.printf(
                    Locale.ROOT,
                    "  epoch %d: label-free check %.4f, verified-neighbour check %.4f%n",
                    epoch,
                    score,
                    neighboursByEpoch.get(epoch));
        }
        Result result = Result.choose(trained, unadapted, byEpoch, unadaptedNeighbours, neighboursByEpoch);
        clear(requested.out());
        ModelBundle written;
        if (result.improves()) {
            copyTree(
                    c.checkpoints().resolve(String.format(Locale.ROOT, "epoch-%03d", result.chosenEpoch())),
                    requested.out());
            written = ModelBundle.read(requested.out());
        } else {
            written = ConfiguredModelBundle.of(
                    config,
                    requested.version() != null
                            ? requested.version()
                            : "unadapted-" + requested.out().getFileName(),
                    Map.of(
                            "selfsupervised.check.unadapted", unadapted,
                            "selfsupervised.neighbours.unadapted", unadaptedNeighbours),
                    "nothing: no epoch of self-supervised training on " + requested.images()
                            + " gained on both label-free checks, so this is the unadapted model");
            written.write(requested.out());
        }
        TrainingOutcome outcome = new TrainingOutcome(requested.out(), written, trained.figures(), trained.epochs());
        return new Result(outcome, unadapted, byEpoch, unadaptedNeighbours, neighboursByEpoch, result.chosenEpoch());
    }

    /** The bundle described at {@code sides} (pixels, largest first) instead of its own scales. */
    private static ModelBundle atScales(ModelBundle bundle, List<Integer> sides) {
        BundleManifest m = bundle.manifest();
        Map<String, float[]> arrays = new HashMap<>();
        m.arrays().keySet().forEach(n -> arrays.put(n, bundle.array(n)));
        return new ModelBundle(
                new BundleManifest(
                        m.format(),
                        m.version(),
                        m.backbone(),
                        sides,
                        m.scaleAggregation(),
                        m.head(),
                        m.whitening(),
                        m.dimension(),
                        m.arrays(),
                        m.figures(),
                        m.learnedFrom(),
                        m.createdAt()),
                arrays,
                bundle.backboneFile());
    }

    /** Empties the output folder, which holds the trainer's last epoch: the chosen model replaces it whole. */
    private static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!f.equals(dir)) {
                    Files.delete(f);
                }
            }
        }
    }

    private TrainingConfig mined(TrainingConfig r, Path labels, Path checkpoints) {
        return new TrainingConfig(
                r.images(),
                null,
                labels,
                List.of(""),
                r.out(),
                r.level(),
                r.epochs(),
                r.seed(),
                r.learningRate(),
                r.margin(),
                r.batchTriplets(),
                r.longestSide(),
                r.trainSide(),
                r.levels(),
                r.layer(),
                r.onnxBackbone(),
                r.torchScriptBackbone(),
                r.initPower(),
                checkpoints,
                r.threads(),
                false,
                r.version());
    }

    private SightlineConfig withBundle(Path bundle) {
        Map<String, Object> values = new HashMap<>(config.originals());
        values.put(SightlineConfig.MODEL_BUNDLE, bundle.toAbsolutePath().toString());
        return new SightlineConfig(values, config.root());
    }

    /** Every image as the pipeline describes it (decoded to the pixels the backbone needs), on all sessions. */
    private static Map<String, Descriptor> describe(SightlineConfig config, Path images, List<String> names) {
        try (ExtractionStack stack = ExtractionStack.fromConfig(config)) {
            List<Descriptor> out = names.parallelStream()
                    .map(n -> {
                        try {
                            byte[] bytes = Files.readAllBytes(images.resolve(n + ".jpg"));
                            return stack.extractor()
                                    .describe(stack.decoder()
                                            .decode(bytes, stack.extractor().largestInputSide())
                                            .image());
                        } catch (Exception e) {
                            throw new IllegalStateException("image " + n + ": " + e.getMessage(), e);
                        }
                    })
                    .toList();
            Map<String, Descriptor> byName = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), out.get(i));
            }
            return byName;
        }
    }

    private static Map<String, float[]> vectors(Map<String, Descriptor> described) {
        Map<String, float[]> out = new LinkedHashMap<>();
        described.forEach((n, d) -> out.put(n, d.vector()));
        return out;
    }

    private static List<String> imageNames(Path images) throws IOException {
        try (Stream<Path> files = Files.list(images)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".jpg"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        }
    }

    /** Image to landmark for the images that are some landmark's positive. */
    private static Map<String, String> truth(Path groundTruth) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (LooGroundTruth.LooQuery q : LooGroundTruth.of(OxfordGroundTruth.load(groundTruth))) {
            out.put(q.imageName(), q.landmark());
        }
        return out;
    }

    private static void writeLabels(Path file, PseudoLandmarks landmarks) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# image<TAB>pseudo-landmark, mined without labels (train --self-supervised)");
        landmarks.labels().forEach((image, label) -> lines.add(image + "\t" + label));
        Files.write(file, lines);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
