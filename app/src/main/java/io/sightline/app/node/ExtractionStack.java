package io.sightline.app.node;

import io.sightline.app.config.MatchThresholdsResolver;
import io.sightline.app.config.SightlineConfig;
import io.sightline.backbone.Backbone;
import io.sightline.backbone.ImageNetNormalizer;
import io.sightline.backbone.InferenceDevice;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.BundleModel;
import io.sightline.bundle.ModelBundle;
import io.sightline.data.DatasetLocations;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.FetchPolicy;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.image.TurboJpeg;
import io.sightline.index.Quantizers;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.RMac;
import io.sightline.verify.CellFeatures;
import io.sightline.whitening.Whitening;
import io.sightline.whitening.WhiteningFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image-to-descriptor machinery shared by the ingest topology, the search endpoint and eval, and the PQ / IVF-PQ
 * quantizers of its bundle ({@link Quantizers#none()} without a bundle or codebooks): descriptors are encoded with
 * them at ingest and the shards search with them. {@code bundle} is the served bundle's manifest (empty for the
 * configured default model), which carries what else belongs to the model, such as its calibrated match levels.
 */
public record ExtractionStack(
        ImageLimits limits,
        ImageFetcher fetcher,
        ImageDecoder decoder,
        Backbone backbone,
        GlobalHead head,
        DescriptorExtractor extractor,
        Quantizers quantizers,
        Optional<BundleManifest> bundle)
        implements AutoCloseable {

    public static ExtractionStack fromConfig(SightlineConfig config) {
        return fromConfig(config, config.getInt(SightlineConfig.LONGEST_SIDE));
    }

    /** As configured, but with another longest side (eval compares several). */
    public static ExtractionStack fromConfig(SightlineConfig config, int longestSide) {
        String bundlePath = config.getString(SightlineConfig.MODEL_BUNDLE);
        if (!bundlePath.isBlank()) {
            ModelBundle bundle =
                    ModelBundle.read(config.path(SightlineConfig.MODEL_BUNDLE)).verifyBackbone();
            return fromBundle(config, bundle);
        }
        ImageLimits limits = limits(config);
        int intraOp = config.getInt(SightlineConfig.MODEL_INTRA_OP_THREADS);
        Map<String, String> ortOptions = ortOptions(config, intraOp);
        int sessions = config.threads(SightlineConfig.MODEL_SESSIONS);
        InferenceDevice device = InferenceDevice.of(
                config.getString(SightlineConfig.MODEL_DEVICE), config.getInt(SightlineConfig.MODEL_GPU_ID));
        ImageFetcher fetcher = new ImageFetcher(limits, fetchPolicy(config));
        ImageDecoder decoder = decoder(config, limits);
        Path model = DatasetLocations.requireFile(
                config.path(SightlineConfig.MODEL_PATH),
                "backbone model " + SightlineConfig.MODEL_PATH + " ("
                        + SightlineConfig.envName(SightlineConfig.MODEL_PATH) + ")");
        String layer = config.getString(SightlineConfig.MODEL_LAYER);
        Optional<CellFeatures> cells = config.cellFeatures();
        List<String> layers = cells.map(CellFeatures::layer)
                .filter(l -> !l.equals(layer))
                .map(l -> List.of(layer, l))
                .orElse(List.of(layer));
        OnnxBackbone backbone =
                new OnnxBackbone(model, layers, sessions, ImageNetNormalizer.imagenet(), ortOptions, device);
        GlobalHead head = GlobalHead.of(layer, new RMac(config.getInt(SightlineConfig.RMAC_LEVELS)));
        DescriptorExtractor extractor = new DescriptorExtractor(
                backbone, head, longestSide, config.scales(), whitening(config), sessions, Optional.empty(), cells);
        return new ExtractionStack(
                limits, fetcher, decoder, backbone, head, extractor, Quantizers.none(), Optional.empty());
    }

    /**
     * {@code bundle} (already read and verified) with the rest as configured: what {@link #fromConfig} builds for
     * {@code model.bundle}, for a bundle not yet written ({@code fit --calibrate} calibrates it before writing it).
     */
    public static ExtractionStack fromBundle(SightlineConfig config, ModelBundle bundle) {
        ImageLimits limits = limits(config);
        int intraOp = config.getInt(SightlineConfig.MODEL_INTRA_OP_THREADS);
        InferenceDevice device = InferenceDevice.of(
                config.getString(SightlineConfig.MODEL_DEVICE), config.getInt(SightlineConfig.MODEL_GPU_ID));
        BundleModel.Opened opened = BundleModel.open(
                bundle,
                config.threads(SightlineConfig.MODEL_SESSIONS),
                ortOptions(config, intraOp),
                device,
                config.cellFeatures());
        return new ExtractionStack(
                limits,
                new ImageFetcher(limits, fetchPolicy(config)),
                decoder(config, limits),
                opened.backbone(),
                opened.head(),
                opened.extractor(),
                bundle.quantizers().orElse(Quantizers.none()),
                Optional.of(bundle.manifest()));
    }

    /**
     * The match-level thresholds this model is searched and evaluated with: search.match.* keys set explicitly,
     * else the bundle's calibration, else the keys' defaults ({@link MatchThresholdsResolver}).
     */
    public MatchThresholdsResolver.Resolved matching(SightlineConfig config) {
        return MatchThresholdsResolver.resolve(config, bundle);
    }

    /** The default model's learned whitening (extract.whitening), if one is configured. */
    static Optional<Whitening> whitening(SightlineConfig config) {
        String location = config.getString(SightlineConfig.EXTRACT_WHITENING);
        if (location.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WhiteningFile.read(location, config.root()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the whitening of " + SightlineConfig.EXTRACT_WHITENING + " from " + location + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** DJL's ONNX Runtime session options: {@code model.ort.options} (k=v,...) on top of the intra-op threads. */
    static Map<String, String> ortOptions(SightlineConfig config, int intraOp) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (intraOp > 0) {
            options.put("intraOpNumThreads", String.valueOf(intraOp));
        }
        for (String pair : config.getList(SightlineConfig.MODEL_ORT_OPTIONS)) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        SightlineConfig.MODEL_ORT_OPTIONS + ": expected key=value, got '" + pair + "'");
            }
            options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Map.copyOf(options);
    }

    /** ImageIO, plus libjpeg-turbo for JPEGs when the machine has it. */
    public static ImageDecoder decoder(SightlineConfig config, ImageLimits limits) {
        String jar = config.getString(SightlineConfig.IMAGE_TURBOJPEG_JAR);
        return new ImageDecoder(
                limits,
                jar.isBlank() ? Optional.empty() : TurboJpeg.load(Path.of(jar)),
                config.getBoolean(SightlineConfig.IMAGE_DCT_SCALING));
    }

    /** The configured image size limits and fetch timeouts. */
    public static ImageLimits limits(SightlineConfig config) {
        return new ImageLimits(
                config.getLong(SightlineConfig.IMAGE_MAX_BYTES),
                config.getLong(SightlineConfig.IMAGE_MAX_PIXELS),
                Duration.ofMillis(config.getInt(SightlineConfig.FETCH_CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(config.getInt(SightlineConfig.FETCH_READ_TIMEOUT_MS)),
                config.getInt(SightlineConfig.IMAGE_DECODE_MAX_SIDE),
                config.getLong(SightlineConfig.IMAGE_MAX_PIXELS_WEBP));
    }

    /** Secure by default: http(s) to public addresses only, file:// only under the configured roots. */
    public static FetchPolicy fetchPolicy(SightlineConfig config) {
        List<Path> roots = config.getList(SightlineConfig.FETCH_FILE_ROOTS).stream()
                .filter(root -> !root.isBlank())
                .map(root -> config.root().resolve(root).normalize())
                .toList();
        return FetchPolicy.defaults()
                .withFileRoots(roots)
                .withPrivateAddresses(config.getBoolean(SightlineConfig.FETCH_ALLOW_PRIVATE));
    }

    /** The first step of a stop: inferences not yet started fail fast (see {@link Backbone#refuseNew()}). */
    public void refuseNew() {
        backbone.refuseNew();
    }

    @Override
    public void close() {
        extractor.close();
        backbone.close();
        fetcher.close();
    }
}
