package io.sightline.app.node;

import io.sightline.app.config.SightlineConfig;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.BundleModel;
import io.sightline.bundle.ModelBundle;
import io.sightline.data.DatasetLocations;
import io.sightline.whitening.Whitening;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model the configuration describes without a bundle ({@code model.path}, {@code model.layer},
 * {@code rmac.levels}, {@code extract.scales} of {@code longest.side}, {@code extract.whitening}) written as a bundle.
 * A training run that learned nothing better hands this on, so that serving its output changes nothing; it is also
 * the frame an adapted model keeps (the same scales), so that a comparison measures what was learned and nothing
 * else.
 */
public final class ConfiguredModelBundle {

    private ConfiguredModelBundle() {}

    /** The longest sides, in pixels, at which the configured model describes an image (largest first). */
    public static List<Integer> sides(SightlineConfig config) {
        int longest = config.getInt(SightlineConfig.LONGEST_SIDE);
        return config.scales().factors().stream()
                .map(f -> (int) Math.round(longest * f))
                .toList();
    }

    public static ModelBundle of(
            SightlineConfig config, String version, Map<String, Double> figures, String learnedFrom) {
        Path backbone = DatasetLocations.requireFile(
                        config.path(SightlineConfig.MODEL_PATH), "backbone model " + SightlineConfig.MODEL_PATH)
                .toAbsolutePath();
        Optional<Whitening> whitening = ExtractionStack.whitening(config);
        int levels = config.getInt(SightlineConfig.RMAC_LEVELS);
        BundleManifest.BackboneSpec backboneSpec = new BundleManifest.BackboneSpec(
                backbone.toString(),
                ModelBundle.sha256(backbone),
                BundleModel.ONNX_RUNTIME,
                List.of(config.getString(SightlineConfig.MODEL_LAYER)),
                BundleModel.IMAGENET_MEAN,
                BundleModel.IMAGENET_STD);
        int dimension = whitening.map(Whitening::outputDimension).orElseGet(() -> layerChannels(backboneSpec, config));
        BundleManifest manifest = new BundleManifest(
                BundleManifest.FORMAT,
                version,
                backboneSpec,
                sides(config),
                "sum",
                new BundleManifest.HeadSpec("rmac", Map.of("levels", String.valueOf(levels))),
                whitening
                        .map(w -> BundleModel.whiteningSpec(w, "centre", "global", 1.0))
                        .orElse(null),
                dimension,
                whitening.map(BundleModel::whiteningArrays).orElse(Map.of()),
                figures,
                learnedFrom,
                Instant.now().toString());
        return new ModelBundle(
                manifest, whitening.map(BundleModel::whiteningValues).orElse(Map.of()), backbone);
    }

    /** Without whitening the descriptor is as long as the layer is deep, which only the backbone knows. */
    private static int layerChannels(BundleManifest.BackboneSpec backbone, SightlineConfig config) {
        BundleManifest plain = new BundleManifest(
                BundleManifest.FORMAT,
                "probe",
                backbone,
                sides(config),
                "sum",
                new BundleManifest.HeadSpec(
                        "rmac", Map.of("levels", String.valueOf(config.getInt(SightlineConfig.RMAC_LEVELS)))),
                null,
                1,
                Map.of(),
                Map.of(),
                "",
                Instant.now().toString());
        try (BundleModel.Opened model =
                BundleModel.open(new ModelBundle(plain, Map.of(), Path.of(backbone.file())), 1, Map.of())) {
            return model.extractor().dimension();
        }
    }
}
