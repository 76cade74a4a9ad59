package io.sightline.trainer.training;

import io.sightline.bundle.ModelBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The bundle a run wrote, its figures (also in the manifest) and the per-epoch reports. */
public record TrainingOutcome(
        Path bundleDir, ModelBundle bundle, Map<String, Double> figures, List<EpochReport> epochs) {
    public TrainingOutcome {
        figures = Map.copyOf(figures);
        epochs = List.copyOf(epochs);
    }
}
