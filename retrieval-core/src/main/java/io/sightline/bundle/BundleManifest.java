package io.sightline.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The contents of {@code manifest.json}.
 *
 * @param format           manifest format version ({@link #FORMAT})
 * @param version          the bundle's version; every descriptor it produces carries it
 * @param backbone         which network, how its input is normalised and which layers are read
 * @param scales           longest sides (pixels) the image is resized to; several = multi-scale
 * @param scaleAggregation how per-scale descriptors are combined: {@code sum} or {@code gem:<p>}
 * @param head             pooling head type (mac, spoc, gem, rmac, remap) and its parameters
 * @param whitening        learned whitening, or null for none
 * @param dimension        length of the final descriptor
 * @param arrays           learned arrays by name (whitening mean/projection, codebooks, ...)
 * @param figures          figures the bundle was accepted on, e.g. {@code paris6k_subset.mAP}
 * @param learnedFrom      what the learned parts saw (image sets, labels, splits)
 * @param createdAt        ISO-8601 instant
 * @param matchThresholds  match-level thresholds calibrated for this bundle's descriptors
 *                         ({@code ./sightline fit --calibrate}), or null: not calibrated (every bundle written before
 *                         they existed). Left out of {@code manifest.json} when null, so such a manifest reads and
 *                         writes as it always did.
 */
public record BundleManifest(
        int format,
        String version,
        BackboneSpec backbone,
        List<Integer> scales,
        String scaleAggregation,
        HeadSpec head,
        WhiteningSpec whitening,
        int dimension,
        Map<String, ArraySpec> arrays,
        Map<String, Double> figures,
        String learnedFrom,
        String createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) MatchThresholdsSpec matchThresholds) {
    public static final int FORMAT = 1;

    public BundleManifest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(head, "head");
        if (scales == null || scales.isEmpty()) {
            throw new IllegalArgumentException("bundle " + version + ": at least one scale is needed");
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("bundle " + version + ": dimension must be positive, got " + dimension);
        }
        scales = List.copyOf(scales);
        arrays = arrays == null ? Map.of() : Map.copyOf(arrays);
        figures = figures == null ? Map.of() : Map.copyOf(figures);
    }

    /** A manifest without calibrated match-level thresholds (what every bundle writer made before they existed). */
    public BundleManifest(
            int format,
            String version,
            BackboneSpec backbone,
            List<Integer> scales,
            String scaleAggregation,
            HeadSpec head,
            WhiteningSpec whitening,
            int dimension,
            Map<String, ArraySpec> arrays,
            Map<String, Double> figures,
            String learnedFrom,
            String createdAt) {
        this(
                format,
                version,
                backbone,
                scales,
                scaleAggregation,
                head,
                whitening,
                dimension,
                arrays,
                figures,
                learnedFrom,
                createdAt,
                null);
    }

    /** This manifest with {@code thresholds} (null: none) and everything else as it is. */
    public BundleManifest withMatchThresholds(MatchThresholdsSpec thresholds) {
        return new BundleManifest(
                format,
                version,
                backbone,
                scales,
                scaleAggregation,
                head,
                whitening,
                dimension,
                arrays,
                figures,
                learnedFrom,
                createdAt,
                thresholds);
    }

    /** The calibrated match-level thresholds, if this bundle has them. */
    public Optional<MatchThresholdsSpec> calibratedMatchThresholds() {
        return Optional.ofNullable(matchThresholds);
    }

    /** The backbone network and how to feed it. */
    public record BackboneSpec(
            String file, String sha256, String engine, List<String> layers, List<Double> mean, List<Double> std) {
        public BackboneSpec {
            layers = List.copyOf(layers);
            mean = List.copyOf(mean);
            std = List.copyOf(std);
        }
    }

    /** A pooling head and its parameters (e.g. {@code levels=3}, {@code p=3}). */
    public record HeadSpec(String type, Map<String, String> params) {
        public HeadSpec {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /**
     * A learned whitening {@code y = P (x - mean)}, applied per region ({@code level=region}) or to the global
     * vector ({@code level=global}); its arrays are named in {@link BundleManifest#arrays()}.
     */
    public record WhiteningSpec(
            String type,
            String level,
            int inputDim,
            int outputDim,
            double power,
            String meanArray,
            String projectionArray) {}

    /** A float32 little-endian file inside the bundle and its shape. */
    public record ArraySpec(String file, List<Integer> shape) {
        public ArraySpec {
            shape = List.copyOf(shape);
        }

        public int length() {
            return shape.stream().reduce(1, Math::multiplyExact);
        }
    }

    /**
     * Raw-similarity thresholds of the match levels (io.sightline.match.MatchThresholds), calibrated on this bundle's
     * own descriptors of a photo collection and its degraded copies (io.sightline.eval.MatchCalibration). Copies need
     * no labels, so {@code duplicate} and {@code nearDuplicate} are always there; {@code samePlace} needs ground truth
     * (which photos show the same landmark) and is null when the calibration had none.
     *
     * @param duplicate     lowest similarity at which at least 99% of pairs are copies of one photo
     * @param nearDuplicate the same at 90%
     * @param samePlace     lowest similarity at which 90% of pairs show the same landmark, or null: not calibrated
     * @param calibratedOn  what the calibration saw (photos, views, pairs, ground truth), for people
     */
    public record MatchThresholdsSpec(
            double duplicate,
            double nearDuplicate,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double samePlace,
            String calibratedOn) {
        public MatchThresholdsSpec {
            if (!Double.isFinite(duplicate) || !Double.isFinite(nearDuplicate)) {
                throw new IllegalArgumentException("match thresholds must be finite, got duplicate " + duplicate
                        + ", near-duplicate " + nearDuplicate);
            }
            if (nearDuplicate > duplicate) {
                throw new IllegalArgumentException("match thresholds need duplicate >= near-duplicate, got duplicate "
                        + duplicate + ", near-duplicate " + nearDuplicate);
            }
            if (samePlace != null && !(samePlace <= nearDuplicate)) {
                throw new IllegalArgumentException("match thresholds need near-duplicate >= same-place, got "
                        + "near-duplicate " + nearDuplicate + ", same-place " + samePlace);
            }
            calibratedOn = calibratedOn == null ? "" : calibratedOn;
        }

        public Optional<Double> samePlaceIfCalibrated() {
            return Optional.ofNullable(samePlace);
        }
    }
}
