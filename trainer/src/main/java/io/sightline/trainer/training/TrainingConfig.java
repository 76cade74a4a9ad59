package io.sightline.trainer.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a training run needs; a service builds one per run, the CLI from its flags.
 *
 * @param images              folder of {@code .jpg} images (only those of the training prefixes are read)
 * @param groundTruth         Oxford-format ground truth: the labels when {@code labelsFile} is null, and the
 *                            held-out figures (queries of the other landmarks); may be null with a labels file
 * @param labelsFile          {@code image<TAB>label} file, or null to take labels from the ground truth
 * @param trainPrefixes       image-name prefixes training may see, e.g. {@code paris_defense}
 * @param out                 bundle directory to write
 * @param level               head only (frozen ONNX backbone) or through the TorchScript backbone
 * @param learningRate        Adam's initial learning rate (cosine schedule down to 1 %)
 * @param margin              triplet margin on squared distances of unit vectors
 * @param batchTriplets       triplets per optimisation step
 * @param longestSide         longest side at which the bundle describes images (and the head level trains)
 * @param trainSide           longest side of training images at the backbone level (smaller = faster)
 * @param levels              R-MAC region grid levels
 * @param layer               backbone layer pooled, e.g. {@code features_17}
 * @param initPower           shrinkage power of the PCA-whitening the head starts from (0.5 = full whitening)
 * @param checkpoints         folder for one bundle per epoch, or null for none
 * @param threads             extraction threads (ONNX sessions)
 * @param evaluate            whether to measure held-out mAP into the manifest
 * @param version             bundle version, or null to derive one
 */
public record TrainingConfig(
        Path images,
        Path groundTruth,
        Path labelsFile,
        List<String> trainPrefixes,
        Path out,
        TrainingLevel level,
        int epochs,
        long seed,
        float learningRate,
        float margin,
        int batchTriplets,
        int longestSide,
        int trainSide,
        int levels,
        String layer,
        Path onnxBackbone,
        Path torchScriptBackbone,
        double initPower,
        Path checkpoints,
        int threads,
        boolean evaluate,
        String version) {

    public TrainingConfig {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(level, "level");
        trainPrefixes = List.copyOf(trainPrefixes);
        if (trainPrefixes.isEmpty()) {
            throw new IllegalArgumentException("trainPrefixes must name the landmarks training may see");
        }
        if (groundTruth == null && labelsFile == null) {
            throw new IllegalArgumentException("labels come from --gt or --labels; neither was given");
        }
        if (epochs <= 0
                || batchTriplets <= 0
                || longestSide <= 0
                || trainSide <= 0
                || levels <= 0
                || threads <= 0
                || !(learningRate > 0)
                || !(margin > 0)) {
            throw new IllegalArgumentException(
                    "epochs, batch, sides, levels, threads, learning rate and margin must be positive");
        }
    }

    /**
     * The defaults of {@code ./sightline train}: 10 head epochs at 1e-3, or 2 backbone epochs at 1e-5; the head
     * starts from PCA-whitening with power 0.25 (docs/decisions/009: full whitening learned from ~80 photos lowers
     * held-out mAP far below what training recovers).
     */
    public static TrainingConfig defaults(
            Path images,
            Path groundTruth,
            List<String> trainPrefixes,
            Path out,
            TrainingLevel level,
            Path onnxBackbone,
            Path torchScriptBackbone) {
        return defaults(images, groundTruth, null, trainPrefixes, out, level, onnxBackbone, torchScriptBackbone);
    }

    /** As the other defaults, with labels from {@code labelsFile} (then {@code groundTruth} may be null). */
    public static TrainingConfig defaults(
            Path images,
            Path groundTruth,
            Path labelsFile,
            List<String> trainPrefixes,
            Path out,
            TrainingLevel level,
            Path onnxBackbone,
            Path torchScriptBackbone) {
        boolean head = level == TrainingLevel.HEAD;
        return new TrainingConfig(
                images,
                groundTruth,
                labelsFile,
                trainPrefixes,
                out,
                level,
                head ? 10 : 2,
                42,
                head ? 1e-3f : 1e-5f,
                0.1f,
                head ? 16 : 2,
                512,
                384,
                3,
                "features_17",
                onnxBackbone,
                torchScriptBackbone,
                0.25,
                null,
                2,
                true,
                null);
    }
}
