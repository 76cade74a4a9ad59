package io.sightline.trainer.training;

import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.BundleModel;
import io.sightline.bundle.ModelBundle;
import io.sightline.whitening.Whitening;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes what training learned as an ordinary model bundle: R-MAC with the trained shift + projection as its
 * per-region whitening, on the frozen ONNX backbone or on a fine-tuned TorchScript one (written next to the
 * manifest). The pipeline serves it unchanged through {@link BundleModel}.
 */
public final class TrainedBundles {

    /** File name of a fine-tuned backbone inside its bundle. */
    public static final String TORCHSCRIPT_FILE = "backbone.pt";

    private TrainedBundles() {}

    /**
     * @param backboneFile   the backbone as the manifest should name it: absolute for the shared ONNX file, or
     *                       {@link #TORCHSCRIPT_FILE} inside {@code dir}
     * @param engine         {@link BundleModel#ONNX_RUNTIME} or {@link BundleModel#PYTORCH}
     */
    public static ModelBundle write(
            Path dir,
            String version,
            Path backboneFile,
            String engine,
            String layer,
            int levels,
            int longestSide,
            Whitening head,
            double initPower,
            Map<String, Double> figures,
            String learnedFrom) {
        Path resolved = dir.resolve(backboneFile);
        BundleManifest.BackboneSpec backbone = new BundleManifest.BackboneSpec(
                backboneFile.toString(),
                ModelBundle.sha256(resolved),
                engine,
                List.of(layer),
                BundleModel.IMAGENET_MEAN,
                BundleModel.IMAGENET_STD);
        BundleManifest manifest = new BundleManifest(
                BundleManifest.FORMAT,
                version,
                backbone,
                List.of(longestSide),
                "sum",
                new BundleManifest.HeadSpec("rmac", Map.of("levels", String.valueOf(levels))),
                BundleModel.whiteningSpec(head, "triplet", "region", initPower),
                head.outputDimension(),
                BundleModel.whiteningArrays(head),
                figures,
                learnedFrom,
                Instant.now().toString());
        ModelBundle bundle = new ModelBundle(manifest, BundleModel.whiteningValues(head), resolved);
        bundle.write(dir);
        return bundle;
    }
}
