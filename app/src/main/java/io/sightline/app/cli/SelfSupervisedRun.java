package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ConfiguredModelBundle;
import io.sightline.app.node.ExtractionStack;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.ModelBundle;
import io.sightline.descriptor.Descriptor;
import io.sightline.eval.LooGroundTruth;
import io.sightline.eval.OxfordGroundTruth;
import io.sightline.eval.QueryView;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.trainer.mining.MinedPairs;
import io.sightline.trainer.mining.MiningParams;
import io.sightline.trainer.mining.MiningReport;
import io.sightline.trainer.mining.PairMiner;
import io.sightline.trainer.mining.PseudoLabelCheck;
import io.sightline.trainer.mining.PseudoLandmarks;
import io.sightline.trainer.mining.VerifiedNeighbourCheck;
import io.sightline.trainer.training.Trainer;
import io.sightline.trainer.training.TrainingConfig;
import io.sightline.trainer.training.TrainingListener;
import io.sightline.trainer.training.TrainingOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code train --self-supervised}: adapts the model to a collection without labels (issue #22). The default model
 * describes every image; {@link PairMiner} verifies each image's global neighbours and the connected components of
 * verified pairs become pseudo-landmarks. A share of the pseudo-landmarks is held out whole (unseen places), and of
 * the others a share of each one's photos (new photos of trained places); the rest are the triplet trainer's labels
 * ({@code <out>.mining/labels.tsv}). Each epoch's checkpoint is scored without labels ({@link Checks}), as the
 * unadapted model is, all at the unadapted model's scales. The bundle is the epoch that gains most on the
 * held-out-photo check, the one that tracked the loo protocol (decision 033), provided it does not lose unseen places;
 * otherwise it is the unadapted model itself. With {@code --gt} the mined pairs' purity is printed, never trained on.
 */
final class SelfSupervisedRun {
    /** Temporary description files older than this were left by a killed run, not written by a running one. */
    static final Duration TORN_AGE = Duration.ofHours(1);

    private final SightlineConfig config;
    private final PrintWriter out;
    private final TrainingListener listener;
    private final boolean augment;

    SelfSupervisedRun(SightlineConfig config, PrintWriter out, TrainingListener listener) {
        this(config, out, listener, false);
    }

    /**
     * @param augment also train on the degraded views of each training photo ({@link QueryView#degraded()}: smaller,
     *                re-encoded, cropped, gray, rotated, as other photographers' and apps' copies are), labelled as
     *                the photo
     */
    SelfSupervisedRun(SightlineConfig config, PrintWriter out, TrainingListener listener, boolean augment) {
        this.config = config;
        this.out = out;
        this.listener = listener;
        this.augment = augment;
    }

    /**
     * How much an epoch must beat the unadapted model on the held-out-photo check to be handed on: on the Paris subset
     * epochs 5 and 10 moved it by -0.004 and +0.003 while loo moved by -0.002 and +0.000 (decision 033), so smaller
     * gains are noise.
     */
    static final double MIN_GAIN = 0.005;

    /** How much the held-out-place check may drop: a model that forgets places it did not train on is not handed on. */
    static final double MAX_PLACE_LOSS = 0.005;

    /**
     * The label-free figures of one model.
     *
     * @param photos     mAP of the photos held out of trained pseudo-landmarks, querying the whole collection for the
     *                   rest of their pseudo-landmark: new photos of known places, what a deployment's users send
     * @param places     mAP of the held-out pseudo-landmarks' images among themselves: places never trained on
     * @param neighbours share of each untrained image's 10 nearest that verify (reported; it stayed flat on Paris)
     */
    record Checks(double photos, double places, double neighbours) {}

    /**
     * The figures of the unadapted model (epoch 0) and every epoch, and the epoch whose model the run wrote: the best
     * on the held-out-photo check among the epochs that gain {@link #MIN_GAIN} on it and lose at most {@link
     * #MAX_PLACE_LOSS} on the held-out places, or 0, the unadapted model, when none does.
     */
    record Result(TrainingOutcome training, Checks unadapted, Map<Integer, Checks> byEpoch, int chosenEpoch) {

        static Result choose(TrainingOutcome training, Checks unadapted, Map<Integer, Checks> byEpoch) {
            int chosen = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (var e : byEpoch.entrySet()) {
                Checks c = e.getValue();
                boolean gains = c.photos() >= unadapted.photos() + MIN_GAIN
                        && c.places() >= unadapted.places() - MAX_PLACE_LOSS;
                if (gains && c.photos() > best) {
                    best = c.photos();
                    chosen = e.getKey();
                }
            }
            return new Result(training, unadapted, byEpoch, chosen);
        }

        /** Whether the written model is an adapted one: what a trainer service may publish. */
        boolean improves() {
            return chosenEpoch > 0;
        }

        /** The best epoch on the held-out-photo check alone, whether or not it is handed on. */
        int bestEpoch() {
            return byEpoch.entrySet().stream()
                    .max(java.util.Comparator.comparingDouble((Map.Entry<Integer, Checks> e) ->
                                    e.getValue().photos())
                            .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                    .orElseThrow()
                    .getKey();
        }
    }

    /** Where the mined training labels of a run writing {@code out} go. */
    static Path labelsFile(Path out) {
        return workDir(out).resolve("labels.tsv");
    }

    static Path workDir(Path out) {
        Path absolute = out.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".mining");
    }

    Result run(TrainingConfig requested, Path groundTruth, MiningParams params) throws Exception {
        Path work = workDir(requested.out());
        Files.createDirectories(work);
        List<String> names = imageNames(requested.images());
        listener.stage("describing " + names.size() + " images with the unadapted model");
        Described descriptions = describe(config, requested.images(), names, descriptionsDir(config));
        Map<String, Descriptor> described = descriptions.byName();
        if (descriptions.reused() > 0) {
            out.printf(
                    Locale.ROOT,
                    "resumed: %d of %d images' descriptions read back from an earlier run in %s%n",
                    descriptions.reused(),
                    names.size(),
                    descriptionsDir(config));
        }
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
        // New photos of trained places: a share of each trained pseudo-landmark's images is kept out of training.
        PseudoLandmarks.Split photos = split.train().splitImages(params.heldOutShare(), params.seed());
        Path labels = labelsFile(requested.out());
        Path trainingImages = requested.images();
        if (augment) {
            trainingImages = work.resolve("training-images");
            listener.stage("writing " + QueryView.degraded().size() + " degraded views of "
                    + photos.train().labels().size() + " training photos");
            writeLabels(labels, withViews(requested.images(), trainingImages, photos.train()));
        } else {
            writeLabels(labels, photos.train());
        }
        writeLabels(work.resolve("held-out-photos.tsv"), photos.heldOut());
        writeLabels(work.resolve("held-out.tsv"), split.heldOut());
        Map<String, io.sightline.verify.LocalFeatures> locals = new LinkedHashMap<>();
        described.forEach((n, d) -> locals.put(n, d.local().orElseThrow()));
        VerifiedNeighbourCheck neighbours = new VerifiedNeighbourCheck(locals, 10, params.minInliers());
        List<String> untrained = names.stream()
                .filter(n -> !photos.train().labels().containsKey(n))
                .toList();
        out.printf(
                Locale.ROOT,
                "label-free checks: %d held-out photos of %d trained pseudo-landmarks, %d images of %d held-out"
                        + " pseudo-landmarks, %d untrained images' 10 nearest%n",
                photos.heldOut().labels().size(),
                split.train().sizes().size(),
                split.heldOut().labels().size(),
                split.heldOut().sizes().size(),
                untrained.size());
        java.util.function.Function<Map<String, Descriptor>, Checks> check = d -> new Checks(
                PseudoLabelCheck.meanAveragePrecision(vectors(d), photos.heldOut(), split.train()),
                PseudoLabelCheck.meanAveragePrecision(vectors(d), split.heldOut()),
                neighbours.precision(vectors(d), untrained));
        Checks unadapted = check.apply(described);
        print("unadapted", unadapted);
        TrainingConfig c = mined(requested, trainingImages, labels, work.resolve("checkpoints"));
        TrainingOutcome trained = new Trainer(listener).train(c);
        Map<Integer, Checks> byEpoch = new LinkedHashMap<>();
        List<Integer> sides = ConfiguredModelBundle.sides(config);
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            Path checkpoint = c.checkpoints().resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
            // Judged, and served if chosen, at the unadapted model's scales: the comparison is then of what was
            // learned, not of one scale against several.
            atScales(ModelBundle.read(checkpoint), sides).write(checkpoint);
            byEpoch.put(
                    epoch,
                    check.apply(describe(withBundle(checkpoint), requested.images(), names, Optional.empty())
                            .byName()));
            print("epoch " + epoch, byEpoch.get(epoch));
        }
        Result result = Result.choose(trained, unadapted, byEpoch);
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
                            "selfsupervised.photos.unadapted", unadapted.photos(),
                            "selfsupervised.places.unadapted", unadapted.places(),
                            "selfsupervised.neighbours.unadapted", unadapted.neighbours()),
                    "nothing: no epoch of self-supervised training on " + requested.images()
                            + " gained on the held-out-photo check without losing held-out places, so this is the"
                            + " unadapted model");
            written.write(requested.out());
        }
        TrainingOutcome outcome = new TrainingOutcome(requested.out(), written, trained.figures(), trained.epochs());
        return new Result(outcome, unadapted, byEpoch, result.chosenEpoch());
    }

    private void print(String model, Checks c) {
        out.printf(
                Locale.ROOT,
                "  %s: held-out photos %.4f, held-out places %.4f, verified neighbours %.4f%n",
                model,
                c.photos(),
                c.places(),
                c.neighbours());
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
                        m.createdAt(),
                        m.matchThresholds()),
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

    /**
     * Links each training photo into {@code to} and writes its degraded views beside it ({@code name~tag.jpg}), all
     * with the photo's pseudo-landmark. Views are pure functions of the photo, so a run stays deterministic.
     */
    static PseudoLandmarks withViews(Path from, Path to, PseudoLandmarks train) throws IOException {
        Files.createDirectories(to);
        clear(to);
        Map<String, String> labels = new java.util.concurrent.ConcurrentSkipListMap<>();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        train.labels().entrySet().parallelStream().forEach(e -> {
            try {
                Path original = from.resolve(e.getKey() + ".jpg").toAbsolutePath();
                Files.createSymbolicLink(to.resolve(e.getKey() + ".jpg"), original);
                labels.put(e.getKey(), e.getValue());
                java.awt.image.BufferedImage photo = decoder.decode(Files.readAllBytes(original));
                for (QueryView view : QueryView.degraded()) {
                    String name = e.getKey() + "~" + view.tag();
                    javax.imageio.ImageIO.write(
                            view.apply(photo), "jpg", to.resolve(name + ".jpg").toFile());
                    labels.put(name, e.getValue());
                }
            } catch (Exception ex) {
                throw new IllegalStateException("image " + e.getKey() + ": cannot write its views: " + ex, ex);
            }
        });
        return new PseudoLandmarks(labels);
    }

    private TrainingConfig mined(TrainingConfig r, Path images, Path labels, Path checkpoints) {
        return new TrainingConfig(
                images,
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

    /** Where the unadapted model's descriptions of every run under this work folder are kept. */
    static Path descriptionsDir(SightlineConfig config) {
        return config.path(SightlineConfig.WORK_DIR).resolve("described");
    }

    /** The unadapted model's descriptions by image, and how many came back from an earlier run. */
    record Described(Map<String, Descriptor> byName, int reused) {}

    /**
     * Describes every image as the pipeline does (decoded to the pixels the backbone needs), on all sessions, with the
     * configured (unadapted) model, reusing and storing each description under
     * {@code descriptions} ({@link DescriptionCache}), so a run killed here resumes where it stopped.
     */
    static Described describe(SightlineConfig config, Path images, List<String> names, Path descriptions) {
        return describe(config, images, names, Optional.of(descriptions));
    }

    /**
     * @param work where descriptions are stored and read back; empty for checkpoints, whose version names do not
     *             change with their weights from one run to the next
     */
    private static Described describe(SightlineConfig config, Path images, List<String> names, Optional<Path> work) {
        try (ExtractionStack stack = ExtractionStack.fromConfig(config)) {
            Optional<DescriptionCache> cache =
                    work.map(w -> new DescriptionCache(w, stack.extractor().modelVersion()));
            cache.ifPresent(c -> c.removeTorn(TORN_AGE));
            List<Descriptor> out = names.parallelStream()
                    .map(n -> {
                        Path photo = images.resolve(n + ".jpg");
                        try {
                            byte[] bytes = Files.readAllBytes(photo);
                            String key = cache.isPresent() ? DescriptionCache.key(bytes) : "";
                            Optional<Descriptor> stored = cache.flatMap(c -> c.get(n, key));
                            if (stored.isPresent()) {
                                return stored.get();
                            }
                            Descriptor d = stack.extractor()
                                    .describe(stack.decoder()
                                            .decode(bytes, stack.extractor().largestInputSide())
                                            .image());
                            cache.ifPresent(c -> c.put(n, key, d));
                            return d;
                        } catch (Exception e) {
                            throw new IllegalStateException("image " + n + ": " + e.getMessage(), e);
                        }
                    })
                    .toList();
            Map<String, Descriptor> byName = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), out.get(i));
            }
            return new Described(byName, cache.map(DescriptionCache::reused).orElse(0));
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
