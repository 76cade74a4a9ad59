package io.sightline.trainer.service;

import io.sightline.trainer.training.TrainingLevel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every run of the service shares.
 *
 * @param bundles    folder published bundles are written to (one sub-folder per version)
 * @param candidates scratch folder a candidate is trained into before the decision
 * @param epochs     epochs per run, or null for the level's default
 */
public record RetrainSettings(
        Path bundles,
        Path candidates,
        TrainingLevel level,
        Integer epochs,
        Path onnxBackbone,
        Path torchScriptBackbone,
        int threads) {
    public RetrainSettings {
        Objects.requireNonNull(bundles, "bundles");
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(level, "level");
        if (epochs != null && epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
    }
}
