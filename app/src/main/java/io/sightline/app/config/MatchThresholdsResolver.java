package io.sightline.app.config;

import io.sightline.bundle.BundleManifest;
import io.sightline.match.MatchThresholds;
import java.util.Locale;
import java.util.Optional;

/**
 * The match-level thresholds a model is served and evaluated with, one key at a time: a {@code search.match.*} key
 * set explicitly (properties file, {@code SIGHTLINE_*} variable, {@code -D}) wins; otherwise the served bundle's
 * calibrated value ({@code ./sightline fit --calibrate}); otherwise the key's default, which was calibrated for the
 * default model only. The search API (every generation's snapshot, expanded search and copy detector) and
 * {@code ./sightline eval} all resolve through here, because the near-duplicate threshold also decides which
 * results rank first: eval must score exactly the ranking search serves.
 */
public final class MatchThresholdsResolver {

    private MatchThresholdsResolver() {}

    /** Where one threshold came from. */
    public enum Source {
        /** Set explicitly in the configuration. */
        CONFIG,
        /** Calibrated for the served bundle and stored in its manifest. */
        BUNDLE,
        /** The key's default. */
        DEFAULT,
        /**
         * The same-place default lowered to the bundle's near-duplicate threshold: a bundle calibrated without ground
         * truth has no same-place threshold, and the default model's may lie above this bundle's copies; no result
         * is then called same-place, rather than the model not being served.
         */
        DEFAULT_CAPPED
    }

    /** The thresholds and where each came from, for logs and reports. */
    public record Resolved(
            MatchThresholds thresholds,
            Source duplicate,
            Source nearDuplicate,
            Source samePlace,
            Optional<String> bundleVersion) {

        /** e.g. {@code duplicate 0.931 (bundle rmac-x), near-duplicate 0.811 (search.match.near.duplicate), ...}. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "duplicate %.3f (%s), near-duplicate %.3f (%s), same-place %.3f (%s), copies from %d inliers",
                    thresholds.duplicate(),
                    label(duplicate, SightlineConfig.SEARCH_MATCH_DUPLICATE),
                    thresholds.nearDuplicate(),
                    label(nearDuplicate, SightlineConfig.SEARCH_MATCH_NEAR_DUPLICATE),
                    thresholds.samePlace(),
                    label(samePlace, SightlineConfig.SEARCH_MATCH_SAME_PLACE),
                    thresholds.copyInliers());
        }

        private String label(Source source, String key) {
            return switch (source) {
                case CONFIG -> "set: " + key;
                case BUNDLE -> "calibrated for bundle " + bundleVersion.orElse("?");
                case DEFAULT -> "default of " + key;
                case DEFAULT_CAPPED -> "default of " + key + " lowered to the bundle's near-duplicate";
            };
        }
    }

    /**
     * @param served the manifest of the bundle being served or evaluated; empty for the configured default model
     *               (which has no manifest: its thresholds are the keys' defaults)
     * @throws IllegalArgumentException when the keys set and the bundle's values do not combine into ordered
     *                                  thresholds (duplicate >= near-duplicate >= same-place); the message names
     *                                  each value's source
     */
    public static Resolved resolve(SightlineConfig config, Optional<BundleManifest> served) {
        Optional<BundleManifest.MatchThresholdsSpec> calibrated =
                served.flatMap(BundleManifest::calibratedMatchThresholds);
        Pick duplicate = pick(
                config,
                SightlineConfig.SEARCH_MATCH_DUPLICATE,
                calibrated.map(BundleManifest.MatchThresholdsSpec::duplicate));
        Pick near = pick(
                config,
                SightlineConfig.SEARCH_MATCH_NEAR_DUPLICATE,
                calibrated.map(BundleManifest.MatchThresholdsSpec::nearDuplicate));
        Pick same = pick(
                config,
                SightlineConfig.SEARCH_MATCH_SAME_PLACE,
                calibrated.flatMap(BundleManifest.MatchThresholdsSpec::samePlaceIfCalibrated));
        if (same.source() == Source.DEFAULT && near.source() == Source.BUNDLE && same.value() > near.value()) {
            same = new Pick(near.value(), Source.DEFAULT_CAPPED);
        }
        Optional<String> version = served.map(BundleManifest::version);
        try {
            return new Resolved(
                    new MatchThresholds(
                            duplicate.value(),
                            near.value(),
                            same.value(),
                            config.getInt(SightlineConfig.SEARCH_MATCH_COPY_INLIERS)),
                    duplicate.source(),
                    near.source(),
                    same.source(),
                    version);
        } catch (IllegalArgumentException e) {
            String described = String.format(
                    Locale.ROOT,
                    "duplicate %s from %s, near-duplicate %s from %s, same-place %s from %s",
                    duplicate.value(),
                    duplicate.source(),
                    near.value(),
                    near.source(),
                    same.value(),
                    same.source());
            throw new IllegalArgumentException(
                    "match-level thresholds of model " + version.orElse("(configured model)")
                            + " do not combine: " + described + "; they need duplicate >= near-duplicate >= "
                            + "same-place. Set all three search.match.* keys, or none to use the bundle's calibration",
                    e);
        }
    }

    private record Pick(double value, Source source) {}

    private static Pick pick(SightlineConfig config, String key, Optional<Double> calibrated) {
        if (config.isSet(key)) {
            return new Pick(config.getDouble(key), Source.CONFIG);
        }
        return calibrated
                .map(v -> new Pick(v, Source.BUNDLE))
                .orElseGet(() -> new Pick(config.getDouble(key), Source.DEFAULT));
    }
}
