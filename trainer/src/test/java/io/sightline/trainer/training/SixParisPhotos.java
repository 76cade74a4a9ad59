package io.sightline.trainer.training;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.testing.SharedData;
import io.sightline.whitening.PcaWhiteningLearner;
import io.sightline.whitening.Whitening;
import java.util.List;

/**
 * Six real Paris photos of two landmarks as the head trains on them: their region vectors from the frozen ONNX
 * backbone and the PCA-whitening a run starts from.
 */
record SixParisPhotos(TrainingImages images, List<float[][]> regions, Whitening init) {

    static final List<String> NAMES = List.of(
            "paris_defense_000056",
            "paris_defense_000254",
            "paris_defense_000040",
            "paris_eiffel_000266",
            "paris_eiffel_000110",
            "paris_eiffel_000207");
    static final List<String> LABELS = List.of("defense", "defense", "defense", "eiffel", "eiffel", "eiffel");

    static SixParisPhotos load() throws Exception {
        TrainingImages images = new TrainingImages(SharedData.parisImages());
        List<float[][]> regions;
        try (OnnxBackbone onnx = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 2)) {
            regions = images.regionVectors(onnx, NAMES, 512, "features_17", 3, 2);
        }
        // Fewer region vectors (~100) than dimensions (320): keep 64 components so the whitening is well posed.
        return new SixParisPhotos(
                images, regions, new PcaWhiteningLearner(64, 0.5, 1e-6).learn(TrainingImages.flatten(regions)));
    }
}
