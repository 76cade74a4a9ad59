package io.sightline.trainer.training;

import ai.djl.engine.Engine;
import io.sightline.backbone.ImageNetNormalizer;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.backbone.TorchScriptBackbone;
import io.sightline.bundle.BundleModel;
import io.sightline.bundle.ModelBundle;
import io.sightline.whitening.PcaWhiteningLearner;
import io.sightline.whitening.Whitening;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run, from a {@link TrainingConfig} to a bundle on disk with its figures: labels of the training
 * landmarks only, the head initialised from PCA-whitening of the training images' region vectors, triplet epochs
 * ({@link TripletLoop}), a bundle per epoch as checkpoint, the final bundle, its held-out mAP in the manifest.
 * The entry point of {@code ./sightline train}, and what a trainer service would call per run. With a checkpoints
 * folder, each epoch also leaves the run's {@link TrainingState}, and the same run started again (same data,
 * labels and settings) continues after the last finished epoch with the numbers it had, so a killed run ends with
 * the model an uninterrupted one would have.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final double PCA_RIDGE = 1e-6;

    private final TrainingListener listener;

    public Trainer(TrainingListener listener) {
        this.listener = listener;
    }

    public TrainingOutcome train(TrainingConfig c) throws Exception {
        LabelledImages set = c.labelsFile() != null
                ? TrainingLabels.fromFile(c.labelsFile(), c.images(), c.trainPrefixes())
                : TrainingLabels.fromOxfordGroundTruth(c.groundTruth(), c.images(), c.trainPrefixes());
        log.info(
                "training set level={} images={} labels={} prefixes={}",
                c.level(),
                set.size(),
                set.counts(),
                c.trainPrefixes());
        if (set.counts().size() < 2) {
            throw new IllegalArgumentException("training needs at least two labels among images starting with "
                    + c.trainPrefixes() + "; found " + set.counts());
        }
        Files.createDirectories(c.out());
        TrainingImages images = new TrainingImages(c.images());
        TripletLoop loop = new TripletLoop(c.epochs(), c.batchTriplets(), c.seed());
        Engine.getEngine(TripletOptimiser.ENGINE).setRandomSeed((int) c.seed());
        String version = c.version() != null ? c.version() : defaultVersion(c);
        Resumable resumable = new Resumable(c.checkpoints(), TrainingState.runOf(description(c, set)));
        resumable
                .saved()
                .ifPresent(s -> listener.stage(String.format(
                        Locale.ROOT,
                        "resuming after epoch %d of %d (state in %s)",
                        s.loop().epochsDone(),
                        c.epochs(),
                        c.checkpoints().resolve(TrainingState.FILE))));
        Run run = c.level() == TrainingLevel.HEAD
                ? trainHead(c, set, images, loop, version, resumable)
                : trainBackbone(c, set, images, loop, version, resumable);

        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("train.images", (double) set.size());
        figures.put("train.epochs", (double) c.epochs());
        figures.put("train.final_loss", run.reports().getLast().meanLoss());
        figures.put(
                "train.seconds_per_epoch",
                run.reports().stream()
                        .mapToDouble(EpochReport::seconds)
                        .average()
                        .orElse(0));
        ModelBundle bundle = write(c, c.out(), version, run, figures);
        if (c.evaluate() && c.groundTruth() != null) {
            // Measured on the bundle as written, built the way every service builds it; then recorded in it.
            listener.stage("evaluating on held-out queries");
            figures.putAll(
                    HeldOutEvaluation.figures(c.out(), c.images(), c.groundTruth(), c.trainPrefixes(), c.threads()));
            bundle = write(c, c.out(), version, run, figures);
        }
        log.info("bundle written dir={} version={} figures={}", c.out(), version, figures);
        return new TrainingOutcome(c.out(), bundle, figures, run.reports());
    }

    /** The learned head and, at the backbone level, where the fine-tuned TorchScript file lies. */
    private record Run(Whitening head, Path torchScript, List<EpochReport> reports, String learnedFrom) {}

    /** Where this run's state is kept (null: nowhere), its hash, and the state an earlier try of it left. */
    private record Resumable(Path checkpoints, String run, Optional<TrainingState> saved) {
        Resumable(Path checkpoints, String run) {
            this(checkpoints, run, checkpoints == null ? Optional.empty() : TrainingState.read(checkpoints, run));
        }

        void restoreInto(TripletNetwork network) {
            saved.ifPresent(s -> network.restore(s.network()));
        }

        Optional<LoopState> loop() {
            return saved.map(TrainingState::loop);
        }

        void save(LoopState loop, TripletNetwork network) {
            if (checkpoints != null) {
                new TrainingState(run, loop, network.state()).write(checkpoints);
            }
        }
    }

    private Run trainHead(
            TrainingConfig c,
            LabelledImages set,
            TrainingImages images,
            TripletLoop loop,
            String version,
            Resumable resumable)
            throws Exception {
        listener.stage("region vectors of " + set.size() + " training images (frozen ONNX backbone)");
        List<float[][]> regions;
        try (OnnxBackbone onnx = new OnnxBackbone(c.onnxBackbone(), List.of(c.layer()), c.threads())) {
            regions = images.regionVectors(onnx, set.names(), c.longestSide(), c.layer(), c.levels(), c.threads());
        }
        List<float[]> all = TrainingImages.flatten(regions);
        Whitening init = new PcaWhiteningLearner(all.getFirst().length, c.initPower(), PCA_RIDGE).learn(all);
        String learnedFrom = learnedFrom(
                c,
                set,
                all.size(),
                "R-MAC head (shift + projection) on the frozen ONNX backbone "
                        + c.onnxBackbone().getFileName());
        List<EpochReport> reports;
        try (HeadNetwork net =
                new HeadNetwork(regions, init, c.learningRate(), loop.totalSteps(set.size()), c.margin())) {
            reports = epochs(c, version, set, loop, net, resumable, learnedFrom, null, () -> {});
            return new Run(net.whitening("triplet"), null, reports, learnedFrom);
        }
    }

    private Run trainBackbone(
            TrainingConfig c,
            LabelledImages set,
            TrainingImages images,
            TripletLoop loop,
            String version,
            Resumable resumable)
            throws Exception {
        int outputIndex = TorchScriptBackbone.MOBILENETV2_OUTPUTS.indexOf(c.layer());
        if (outputIndex < 0) {
            throw new IllegalArgumentException("layer " + c.layer() + " is not an output of the TorchScript backbone "
                    + TorchScriptBackbone.MOBILENETV2_OUTPUTS);
        }
        listener.stage("region vectors of " + set.size() + " training images (TorchScript backbone, for the PCA init)");
        List<float[][]> regions;
        try (TorchScriptBackbone pt = new TorchScriptBackbone(
                c.torchScriptBackbone(),
                TorchScriptBackbone.MOBILENETV2_OUTPUTS,
                List.of(c.layer()),
                1,
                ImageNetNormalizer.imagenet())) {
            regions = images.regionVectors(pt, set.names(), c.trainSide(), c.layer(), c.levels(), 1);
        }
        List<float[]> all = TrainingImages.flatten(regions);
        Whitening init = new PcaWhiteningLearner(all.getFirst().length, c.initPower(), PCA_RIDGE).learn(all);
        listener.stage("loading " + set.size() + " training images at " + c.trainSide() + " px");
        List<ImageTensor> tensors = images.tensors(set.names(), c.trainSide());
        String learnedFrom = learnedFrom(
                c,
                set,
                all.size(),
                "TorchScript backbone " + c.torchScriptBackbone().getFileName()
                        + " fine-tuned end to end with the R-MAC head, training images at longest side "
                        + c.trainSide());
        Path scratch = c.out().resolve(TrainedBundles.TORCHSCRIPT_FILE);
        try (BackboneNetwork net = new BackboneNetwork(
                c.torchScriptBackbone(),
                tensors,
                outputIndex,
                c.levels(),
                init,
                c.learningRate(),
                loop.totalSteps(set.size()),
                c.margin())) {
            List<EpochReport> reports = epochs(
                    c, version, set, loop, net, resumable, learnedFrom, scratch, () -> net.writeTorchScript(scratch));
            net.writeTorchScript(scratch);
            return new Run(net.whitening("triplet"), scratch, reports, learnedFrom);
        }
    }

    /**
     * The epochs of {@code net}, after those of the saved state if there is one: each ends with its bundle as a
     * checkpoint ({@code beforeCheckpoint} first writes what the bundle points to) and then the run's state.
     */
    private List<EpochReport> epochs(
            TrainingConfig c,
            String version,
            LabelledImages set,
            TripletLoop loop,
            TripletNetwork net,
            Resumable resumable,
            String learnedFrom,
            Path torchScript,
            Runnable beforeCheckpoint) {
        resumable.restoreInto(net);
        return loop.run(
                net,
                set.labels(),
                listener,
                (epoch, report, state) -> {
                    beforeCheckpoint.run();
                    checkpoint(
                            c,
                            version,
                            epoch,
                            new Run(net.whitening("triplet"), torchScript, List.of(report), learnedFrom));
                    resumable.save(state, net);
                },
                resumable.loop());
    }

    private void checkpoint(TrainingConfig c, String version, int epoch, Run run) {
        if (c.checkpoints() == null) {
            return;
        }
        Path dir = c.checkpoints().resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
        try {
            Files.createDirectories(dir);
            if (run.torchScript() != null) {
                Files.copy(
                        run.torchScript(),
                        dir.resolve(TrainedBundles.TORCHSCRIPT_FILE),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write checkpoint " + dir, e);
        }
        write(
                c,
                dir,
                version + "-epoch" + epoch,
                run,
                Map.of(
                        "train.epoch",
                        (double) epoch,
                        "train.mean_loss",
                        run.reports().getLast().meanLoss()));
    }

    private static ModelBundle write(TrainingConfig c, Path dir, String version, Run run, Map<String, Double> figures) {
        boolean fineTuned = run.torchScript() != null;
        Path backbone = fineTuned
                ? Path.of(TrainedBundles.TORCHSCRIPT_FILE)
                : c.onnxBackbone().toAbsolutePath();
        return TrainedBundles.write(
                dir,
                version,
                backbone,
                fineTuned ? BundleModel.PYTORCH : BundleModel.ONNX_RUNTIME,
                c.layer(),
                c.levels(),
                c.longestSide(),
                run.head(),
                c.initPower(),
                figures,
                run.learnedFrom());
    }

    private static String learnedFrom(TrainingConfig c, LabelledImages set, int regionCount, String what) {
        return String.format(
                Locale.ROOT,
                "triplet training (%s): %d images of prefixes %s, labels %s from %s; "
                        + "initialised from PCA-whitening (power %.2f) of %d region vectors of those images; %d epochs, "
                        + "batch %d triplets, Adam lr %.1e cosine, margin %.2f, hardest negatives re-mined every epoch, seed %d",
                what,
                set.size(),
                c.trainPrefixes(),
                set.counts(),
                c.labelsFile() != null ? c.labelsFile() : c.groundTruth(),
                c.initPower(),
                regionCount,
                c.epochs(),
                c.batchTriplets(),
                c.learningRate(),
                c.margin(),
                c.seed());
    }

    /**
     * Everything that decides a run's numbers, so a saved state is only resumed by the same run: not the thread
     * count, the output folder or whether to evaluate, which change none of them.
     */
    private static String description(TrainingConfig c, LabelledImages set) {
        return String.join(
                "\n",
                c.images().toAbsolutePath().normalize().toString(),
                String.valueOf(c.labelsFile()),
                String.valueOf(c.groundTruth()),
                c.trainPrefixes().toString(),
                c.level().name(),
                "epochs " + c.epochs() + " seed " + c.seed() + " lr " + c.learningRate() + " margin " + c.margin()
                        + " batch " + c.batchTriplets(),
                "sides " + c.longestSide() + " " + c.trainSide() + " levels " + c.levels() + " layer " + c.layer()
                        + " init power " + c.initPower(),
                String.valueOf(c.onnxBackbone()),
                String.valueOf(c.torchScriptBackbone()),
                set.names().toString(),
                set.labels().toString());
    }

    private static String defaultVersion(TrainingConfig c) {
        String prefixes = String.join(
                "+",
                c.trainPrefixes().stream()
                        .map(p -> p.replaceFirst("^paris_", ""))
                        .toList());
        return "rmac-triplet-" + c.level().name().toLowerCase(Locale.ROOT) + "-" + prefixes + "-s" + c.seed();
    }
}
