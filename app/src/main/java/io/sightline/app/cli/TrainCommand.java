package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.data.DatasetLocations;
import io.sightline.trainer.mining.MiningParams;
import io.sightline.trainer.training.EpochReport;
import io.sightline.trainer.training.Trainer;
import io.sightline.trainer.training.TrainingConfig;
import io.sightline.trainer.training.TrainingLevel;
import io.sightline.trainer.training.TrainingListener;
import io.sightline.trainer.training.TrainingOutcome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Triplet training of the descriptor ({@link Trainer}), one run, with a progress bar per epoch. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the R-MAC head (--level head: shift + projection on the frozen ONNX backbone) or the",
            "backbone with it (--level backbone: the float TorchScript copy, fine-tuned) with a triplet loss on the",
            "images of the --train-on landmarks only, and writes a model bundle (eval --bundle, model.bundle)."
        })
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Images (default: the Paris subset's images, data.paris); only those of --train-on are read.")
    Path images;

    @Option(
            names = "--gt",
            paramLabel = "DIR",
            description =
                    "Oxford ground truth: labels (positives of the training landmarks' queries) and held-out figures (default: the Paris subset's gt, data.paris).")
    Path gt;

    @Option(names = "--labels", paramLabel = "FILE", description = "image<TAB>label file instead of labels from --gt.")
    Path labels;

    @Option(
            names = "--train-on",
            split = ",",
            paramLabel = "PREFIX",
            description = {
                "Image-name prefixes training may see, e.g. paris_defense,paris_eiffel (required with labels;",
                "--self-supervised sees every image of --images)."
            })
    List<String> trainOn;

    @Option(names = "--out", paramLabel = "BUNDLE", required = true, description = "Bundle directory to write.")
    Path out;

    @Option(names = "--level", defaultValue = "head", description = "head or backbone (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--epochs", description = "Epochs (default: 10 for head, 2 for backbone).")
    Integer epochs;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of mining, shuffling and PyTorch (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--lr",
            description = "Adam's initial learning rate, cosine schedule (default: 1e-3 head, 1e-5 backbone).")
    Float learningRate;

    @Option(
            names = "--margin",
            defaultValue = "0.1",
            description = "Triplet margin on squared distances (default ${DEFAULT-VALUE}).")
    float margin;

    @Option(names = "--batch", description = "Triplets per step (default: 16 head, 2 backbone).")
    Integer batch;

    @Option(
            names = "--train-side",
            defaultValue = "384",
            description = "Longest side of training images at --level backbone (default ${DEFAULT-VALUE}).")
    int trainSide;

    @Option(
            names = "--init-power",
            description = "Power of the PCA-whitening the head starts from: 0.5 = full, 0 = rotation (default 0.25).")
    Double initPower;

    @Option(
            names = "--torchscript",
            paramLabel = "FILE",
            description = "Backbone to fine-tune (default: models/mobilenetv2-float-features.pt).")
    Path torchScript;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "Write a bundle per epoch here.")
    Path checkpoints;

    @Option(
            names = "--self-supervised",
            description = {
                "Learn from --images without labels: verified neighbour pairs form pseudo-landmarks, a held-out share",
                "of them scores each epoch (label-free) and the best epoch is the bundle; --gt, if given, only",
                "reports the mined pairs' purity."
            })
    boolean selfSupervised;

    @Option(
            names = "--augment",
            description = {
                "With --self-supervised: also train on degraded views of each training photo (320/480 px, JPEG q30,",
                "80% crop, gray, 10-degree rotation), labelled as the photo."
            })
    boolean augment;

    @Option(names = "--no-eval", description = "Skip the held-out mAP figures.")
    boolean noEval;

    @Option(
            names = "--bundle-version",
            paramLabel = "V",
            description = "Bundle version (default: derived from the settings).")
    String version;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SightlineConfig config = options.load();
        if (selfSupervised && images == null) {
            throw new IllegalArgumentException("--self-supervised learns from a folder of images: give --images DIR");
        }
        if (!selfSupervised && (trainOn == null || trainOn.isEmpty())) {
            throw new IllegalArgumentException("--train-on PREFIX[,PREFIX...] is required: training must name the "
                    + "landmarks it may see (or learn without labels with --self-supervised)");
        }
        DatasetLocations.Dataset data = images != null && (gt != null || selfSupervised)
                ? null
                : config.datasets().requirePresent(config.datasets().paris());
        TrainingLevel trainingLevel = TrainingLevel.valueOf(level.toUpperCase(Locale.ROOT));
        // Self-supervised: the labels the mining writes (SelfSupervisedRun), never the ground truth.
        Path labelSource = selfSupervised ? SelfSupervisedRun.labelsFile(this.out) : labels;
        TrainingConfig d = TrainingConfig.defaults(
                images != null ? images : data.images(),
                gt != null ? gt : data == null ? null : data.groundTruth(),
                labelSource,
                selfSupervised ? List.of("") : trainOn,
                this.out,
                trainingLevel,
                config.path(SightlineConfig.MODEL_PATH),
                torchScript != null ? torchScript : config.datasets().backboneTorchScript());
        TrainingConfig c = new TrainingConfig(
                d.images(),
                d.groundTruth(),
                labelSource,
                d.trainPrefixes(),
                this.out,
                d.level(),
                epochs != null ? epochs : d.epochs(),
                seed,
                learningRate != null ? learningRate : d.learningRate(),
                margin,
                batch != null ? batch : d.batchTriplets(),
                d.longestSide(),
                trainSide,
                d.levels(),
                d.layer(),
                d.onnxBackbone(),
                d.torchScriptBackbone(),
                initPower != null ? initPower : d.initPower(),
                checkpoints,
                config.threads(SightlineConfig.MODEL_SESSIONS),
                !noEval,
                version);
        // Ctrl-C: the JVM must not exit while libtorch runs (its exit handlers crashed a backward pass and an
        // inference with SIGSEGV). The main thread is interrupted out of waits, the listener ends training at the next
        // step or stage, the pools finish their running inferences, and only then may the JVM halt.
        Shutdown shutdown = new Shutdown();
        TrainingOutcome outcome;
        try {
            shutdown.interruptOnStop();
            ProgressListener progress = new ProgressListener(out, shutdown::requested);
            if (selfSupervised) {
                SelfSupervisedRun.Result result = new SelfSupervisedRun(config, out, progress, augment)
                        .run(c, gt != null ? gt : subsetTruth(config, c.images()), MiningParams.defaults());
                outcome = result.training();
                int best = result.bestEpoch();
                out.printf(
                        Locale.ROOT,
                        "held-out photos: unadapted %.4f, best epoch %d %.4f; %s%n",
                        result.unadapted().photos(),
                        best,
                        result.byEpoch().get(best).photos(),
                        result.improves()
                                ? "the bundle is epoch " + result.chosenEpoch()
                                        + ", which gains on it without losing held-out places: a trainer service"
                                        + " would publish it"
                                : "no epoch gains +" + SelfSupervisedRun.MIN_GAIN
                                        + " on it without losing held-out places, so the bundle is the UNADAPTED"
                                        + " model (serving it changes nothing) and a trainer service would not"
                                        + " publish");
            } else {
                outcome = new Trainer(progress).train(c);
            }
        } catch (Exception e) {
            if (!shutdown.requested()) {
                throw e;
            }
            out.println("Training stopped (Ctrl-C); no bundle written: " + e);
            out.flush();
            return 130;
        } finally {
            shutdown.stopInterrupting();
            shutdown.closed();
        }
        out.printf(
                "bundle %s (dim %d, engine %s) written to %s%n",
                outcome.bundle().version(),
                outcome.bundle().manifest().dimension(),
                outcome.bundle().manifest().backbone().engine(),
                outcome.bundleDir());
        for (EpochReport e : outcome.epochs()) {
            out.printf(
                    "  epoch %d: %d triplets, mean loss %.4f, %.1f s (mining %.1f s)%n",
                    e.epoch(), e.triplets(), e.meanLoss(), e.seconds(), e.mineSeconds());
        }
        outcome.figures().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(f -> out.printf("  %s %.4f%n", f.getKey(), f.getValue()));
        return 0;
    }

    /** The Paris subset's ground truth when the images are the subset's: the mined pairs' purity is then reported. */
    private static Path subsetTruth(SightlineConfig config, Path images) throws java.io.IOException {
        DatasetLocations.Dataset paris = config.datasets().paris();
        return paris.present() && Files.isSameFile(paris.images(), images) ? paris.groundTruth() : null;
    }

    /** One progress bar per epoch, its last loss as extra message. */
    private static final class ProgressListener implements TrainingListener {
        private final PrintWriter out;
        private final java.util.function.BooleanSupplier stopRequested;
        private ProgressBar bar;

        ProgressListener(PrintWriter out, java.util.function.BooleanSupplier stopRequested) {
            this.out = out;
            this.stopRequested = stopRequested;
        }

        /** Ends training between steps and stages, where no native call is running on this thread. */
        private void stopIfRequested() {
            if (stopRequested.getAsBoolean()) {
                if (bar != null) {
                    bar.close();
                }
                throw new IllegalStateException("training stopped by Ctrl-C");
            }
        }

        @Override
        public void stage(String description) {
            stopIfRequested();
            out.println(description + " ...");
            out.flush();
        }

        @Override
        public void epochStarted(int epoch, int epochs, int steps) {
            stopIfRequested();
            bar = new ProgressBarBuilder()
                    .setTaskName("epoch " + epoch + "/" + epochs)
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
        }

        @Override
        public void stepDone(int step, float loss) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
            stopIfRequested();
        }

        @Override
        public void epochDone(EpochReport report) {
            bar.setExtraMessage(String.format(Locale.ROOT, "mean loss %.4f", report.meanLoss()));
            bar.close();
        }
    }
}
