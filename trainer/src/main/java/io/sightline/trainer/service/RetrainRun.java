package io.sightline.trainer.service;

import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.BundleModel;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.bundle.CodebookShape;
import io.sightline.bundle.ModelBundle;
import io.sightline.eval.TrainingViews;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.index.Quantizers;
import io.sightline.schemas.ModelPublished;
import io.sightline.trainer.publish.ModelPublisher;
import io.sightline.trainer.training.Trainer;
import io.sightline.trainer.training.TrainingConfig;
import io.sightline.trainer.training.TrainingListener;
import io.sightline.trainer.training.TrainingOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining run on the curated folder: train a candidate, score it and the baseline with the same held-out
 * evaluation, publish the candidate only if its mAP is strictly greater (with codebooks of the served model's shape,
 * learned on the candidate's descriptors), and log the decision with both figures.
 */
public final class RetrainRun {

    private static final Logger log = LoggerFactory.getLogger(RetrainRun.class);
    private static final long CODEBOOK_SEED = 42;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final RetrainSettings settings;
    private final HeldOutScore evaluation;
    private final ModelPublisher publisher;
    private final TrainingListener listener;
    private final Clock clock;

    public RetrainRun(
            RetrainSettings settings,
            HeldOutScore evaluation,
            ModelPublisher publisher,
            TrainingListener listener,
            Clock clock) {
        this.settings = settings;
        this.evaluation = evaluation;
        this.publisher = publisher;
        this.listener = listener;
        this.clock = clock;
    }

    /** Trains on what {@code folder} holds now and decides against {@code baseline}. */
    public RunOutcome run(CuratedFolder folder, Baseline baseline) throws Exception {
        long started = System.nanoTime();
        Path labels = folder.writeLabels();
        Set<String> trainingImages = folder.names();
        String version =
                "svc-" + settings.level().name().toLowerCase(Locale.ROOT) + "-" + STAMP.format(clock.instant());
        Path candidateDir = settings.candidates().resolve(version);
        // Only the defaults are taken from here (its ground-truth argument is not used: labels come from the file).
        // The empty prefix admits every curated image: the held-out split is by image, not by landmark (HeldOutScore).
        TrainingConfig d = TrainingConfig.defaults(
                folder.imagesDir(),
                labels,
                List.of(""),
                candidateDir,
                settings.level(),
                settings.onnxBackbone(),
                settings.torchScriptBackbone());
        TrainingConfig config = new TrainingConfig(
                d.images(),
                null,
                labels,
                d.trainPrefixes(),
                candidateDir,
                d.level(),
                settings.epochs() != null ? settings.epochs() : d.epochs(),
                d.seed(),
                d.learningRate(),
                d.margin(),
                d.batchTriplets(),
                d.longestSide(),
                d.trainSide(),
                d.levels(),
                d.layer(),
                d.onnxBackbone(),
                d.torchScriptBackbone(),
                d.initPower(),
                null,
                settings.threads(),
                false,
                version);
        log.info(
                "retraining version={} level={} images={} baseline={}",
                version,
                settings.level(),
                trainingImages.size(),
                baseline.describe());
        TrainingOutcome outcome = new Trainer(listener).train(config);

        listener.stage("scoring the candidate on the evaluation set");
        HeldOutScore.Score candidate;
        try (BundleModel.Opened opened =
                BundleModel.open(ModelBundle.read(candidateDir).verifyBackbone(), settings.threads(), Map.of())) {
            candidate = evaluation.score(opened.extractor(), trainingImages);
        }
        listener.stage("scoring the baseline (" + baseline.describe() + ")");
        HeldOutScore.Score served = baseline.score(evaluation, trainingImages);
        boolean publish = RunOutcome.beats(candidate, served);
        log.info(
                "retrain decision version={} candidate.mAP={} candidate.queries={} baseline.mAP={} "
                        + "baseline.queries={} baseline={} publish={}",
                version,
                candidate.mAP(),
                candidate.queries(),
                served.mAP(),
                served.queries(),
                baseline.describe(),
                publish);

        Path bundleDir = null;
        ModelPublished event = null;
        if (publish) {
            Optional<CodebookShape> shape = baseline.codebooks();
            if (shape.isPresent()) {
                learnCodebooks(outcome.bundleDir(), shape.get(), folder.imagesDir());
            }
            recordScore(outcome, candidate, served);
            bundleDir = settings.bundles().resolve(version);
            Files.createDirectories(settings.bundles());
            Files.move(candidateDir, bundleDir, StandardCopyOption.ATOMIC_MOVE);
            event = publisher.publish(bundleDir);
        } else {
            FileUtils.deleteDirectory(candidateDir.toFile());
        }
        return new RunOutcome(
                version,
                trainingImages.size(),
                candidate,
                served,
                baseline.describe(),
                publish,
                bundleDir,
                event,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Codebooks of the served model's shape, learned with the candidate's own descriptors of the curated photos and
     * of the evaluation collection (each photo and three views, as {@code fit} does). Without them the candidate
     * cannot be served in the pq / ivfpq modes, so a failure here fails the run rather than publish a bundle that
     * silently drops those modes.
     */
    private void learnCodebooks(Path bundleDir, CodebookShape shape, Path curatedImages) throws Exception {
        listener.stage("learning " + shape.name() + " codebooks");
        long started = System.nanoTime();
        ModelBundle bundle = ModelBundle.read(bundleDir);
        shape.check(bundle.manifest().dimension());
        List<float[]> vectors = new ArrayList<>();
        try (BundleModel.Opened opened = BundleModel.open(bundle.verifyBackbone(), settings.threads(), Map.of())) {
            TrainingViews views =
                    new TrainingViews(new ImageDecoder(ImageLimits.defaults()), opened.extractor(), settings.threads());
            vectors.addAll(views.describeWithOriginals(curatedImages));
            vectors.addAll(views.describeWithOriginals(evaluation.images()));
        }
        Quantizers quantizers = shape.learn(vectors, CODEBOOK_SEED);
        BundleQuantizers.with(bundle, quantizers, bundle.version()).write(bundleDir);
        log.info(
                "codebooks learned version={} shape={} vectors={} seconds={}",
                bundle.version(),
                shape.name(),
                vectors.size(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    }

    /** The accepted figure goes into the manifest: the next run compares against it without re-measuring. */
    private static void recordScore(TrainingOutcome outcome, HeldOutScore.Score candidate, HeldOutScore.Score served) {
        ModelBundle b = ModelBundle.read(outcome.bundleDir());
        BundleManifest m = b.manifest();
        Map<String, Double> figures = new LinkedHashMap<>(m.figures());
        figures.put(HeldOutScore.MAP, candidate.mAP());
        figures.put(HeldOutScore.QUERIES, (double) candidate.queries());
        figures.put("trainer.baseline.mAP", served.mAP());
        BundleManifest updated = new BundleManifest(
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
                m.learnedFrom(),
                m.createdAt(),
                m.matchThresholds());
        Map<String, float[]> arrays = new LinkedHashMap<>();
        m.arrays().keySet().forEach(name -> arrays.put(name, b.array(name)));
        new ModelBundle(updated, arrays, b.backboneFile()).write(outcome.bundleDir());
    }
}
