package io.sightline.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.app.config.MatchThresholdsResolver.Resolved;
import io.sightline.app.config.MatchThresholdsResolver.Source;
import io.sightline.bundle.BundleManifest;
import io.sightline.match.MatchThresholds;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per key: set explicitly beats the bundle's calibration, which beats the default. */
class MatchThresholdsResolverTest {
    private static final Path ROOT = Path.of("/repo");
    /** The default of search.match.copy.inliers: the same for every bundle. */
    private static final int COPY_INLIERS = 164;

    private static final MatchThresholds DEFAULTS = new MatchThresholds(0.908, 0.811, 0.684, COPY_INLIERS);

    private static SightlineConfig config(Map<String, String> env, Map<String, String> overrides) {
        return SightlineConfig.load(Map.of(), env, overrides, ROOT);
    }

    private static BundleManifest manifest(BundleManifest.MatchThresholdsSpec thresholds) {
        return new BundleManifest(
                        BundleManifest.FORMAT,
                        "rmac-calibrated-1",
                        new BundleManifest.BackboneSpec(
                                "backbone.onnx",
                                "ab12",
                                "OnnxRuntime",
                                List.of("features_17"),
                                List.of(0.485, 0.456, 0.406),
                                List.of(0.229, 0.224, 0.225)),
                        List.of(512),
                        "sum",
                        new BundleManifest.HeadSpec("rmac", Map.of("levels", "3")),
                        null,
                        320,
                        Map.of(),
                        Map.of(),
                        "unit test",
                        "2026-12-07T00:00:00Z")
                .withMatchThresholds(thresholds);
    }

    private static final BundleManifest.MatchThresholdsSpec CALIBRATED =
            new BundleManifest.MatchThresholdsSpec(0.981, 0.955, 0.930, "unit test");

    @Test
    void theConfiguredModelUsesTheDefaults() {
        Resolved r = MatchThresholdsResolver.resolve(config(Map.of(), Map.of()), Optional.empty());

        assertThat(r.thresholds()).isEqualTo(DEFAULTS);
        assertThat(List.of(r.duplicate(), r.nearDuplicate(), r.samePlace())).containsOnly(Source.DEFAULT);
        assertThat(r.describe()).contains("duplicate 0.908 (default of search.match.duplicate)");
        assertThat(r.describe()).contains("copies from 164 inliers");
        assertThat(MatchThresholdsResolver.resolve(
                                config(Map.of(), Map.of("search.match.copy.inliers", "200")), Optional.empty())
                        .thresholds()
                        .copyInliers())
                .as("the inlier rule is set in the configuration")
                .isEqualTo(200);
    }

    @Test
    void aBundleWithoutCalibrationUsesTheDefaults() {
        Resolved r = MatchThresholdsResolver.resolve(config(Map.of(), Map.of()), Optional.of(manifest(null)));

        assertThat(r.thresholds()).isEqualTo(DEFAULTS);
        assertThat(r.samePlace()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void aCalibratedBundleReplacesTheDefaults() {
        Resolved r = MatchThresholdsResolver.resolve(config(Map.of(), Map.of()), Optional.of(manifest(CALIBRATED)));

        assertThat(r.thresholds()).isEqualTo(new MatchThresholds(0.981, 0.955, 0.930, COPY_INLIERS));
        assertThat(List.of(r.duplicate(), r.nearDuplicate(), r.samePlace())).containsOnly(Source.BUNDLE);
        assertThat(r.describe())
                .isEqualTo("duplicate 0.981 (calibrated for bundle rmac-calibrated-1), near-duplicate 0.955 "
                        + "(calibrated for bundle rmac-calibrated-1), same-place 0.930 (calibrated for bundle "
                        + "rmac-calibrated-1), copies from 164 inliers");
    }

    @Test
    void aKeySetExplicitlyWinsOverTheBundleForThatKeyOnly() {
        Resolved fromOverride = MatchThresholdsResolver.resolve(
                config(Map.of(), Map.of(SightlineConfig.SEARCH_MATCH_DUPLICATE, "0.99")),
                Optional.of(manifest(CALIBRATED)));
        assertThat(fromOverride.thresholds()).isEqualTo(new MatchThresholds(0.99, 0.955, 0.930, COPY_INLIERS));
        assertThat(fromOverride.duplicate()).isEqualTo(Source.CONFIG);
        assertThat(fromOverride.nearDuplicate()).isEqualTo(Source.BUNDLE);
        assertThat(fromOverride.describe()).contains("duplicate 0.990 (set: search.match.duplicate)");

        // An environment variable is as explicit as -D, even when it repeats the default value.
        Resolved fromEnv = MatchThresholdsResolver.resolve(
                config(Map.of("SIGHTLINE_SEARCH_MATCH_SAME_PLACE", "0.684"), Map.of()),
                Optional.of(manifest(CALIBRATED)));
        assertThat(fromEnv.thresholds()).isEqualTo(new MatchThresholds(0.981, 0.955, 0.684, COPY_INLIERS));
        assertThat(fromEnv.samePlace()).isEqualTo(Source.CONFIG);
    }

    @Test
    void aBundleCalibratedWithoutGroundTruthLeavesSamePlaceToTheConfiguration() {
        BundleManifest.MatchThresholdsSpec copiesOnly =
                new BundleManifest.MatchThresholdsSpec(0.981, 0.955, null, "no ground truth");

        Resolved r = MatchThresholdsResolver.resolve(config(Map.of(), Map.of()), Optional.of(manifest(copiesOnly)));

        assertThat(r.thresholds()).isEqualTo(new MatchThresholds(0.981, 0.955, 0.684, COPY_INLIERS));
        assertThat(r.samePlace()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void theSamePlaceDefaultIsLoweredBelowABundlesCopiesRatherThanRefused() {
        // A bundle whose copies sit lower than the default model's same-place level, calibrated without labels.
        BundleManifest.MatchThresholdsSpec low = new BundleManifest.MatchThresholdsSpec(0.70, 0.62, null, "no labels");

        Resolved r = MatchThresholdsResolver.resolve(config(Map.of(), Map.of()), Optional.of(manifest(low)));

        assertThat(r.thresholds()).isEqualTo(new MatchThresholds(0.70, 0.62, 0.62, COPY_INLIERS));
        assertThat(r.samePlace()).isEqualTo(Source.DEFAULT_CAPPED);
        assertThat(r.describe())
                .contains("same-place 0.620 (default of search.match.same.place lowered to the "
                        + "bundle's near-duplicate)");
        // Set explicitly, the same value is the operator's choice and is refused instead.
        assertThatThrownBy(() -> MatchThresholdsResolver.resolve(
                        config(Map.of(), Map.of(SightlineConfig.SEARCH_MATCH_SAME_PLACE, "0.684")),
                        Optional.of(manifest(low))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same-place 0.684 from CONFIG");
    }

    @Test
    void keysAndCalibrationThatDoNotCombineAreRefusedWithEverySourceNamed() {
        SightlineConfig lowDuplicate = config(Map.of(), Map.of(SightlineConfig.SEARCH_MATCH_DUPLICATE, "0.90"));

        assertThatThrownBy(() -> MatchThresholdsResolver.resolve(lowDuplicate, Optional.of(manifest(CALIBRATED))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rmac-calibrated-1")
                .hasMessageContaining("duplicate 0.9 from CONFIG, near-duplicate 0.955 from BUNDLE")
                .hasMessageContaining("Set all three search.match.* keys");
    }
}
