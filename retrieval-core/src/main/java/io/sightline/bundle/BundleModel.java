package io.sightline.bundle;

import io.sightline.backbone.Backbone;
import io.sightline.backbone.ImageNetNormalizer;
import io.sightline.backbone.InferenceDevice;
import io.sightline.backbone.OnnxBackbone;
import io.sightline.backbone.TorchScriptBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.descriptor.MultiScale;
import io.sightline.pooling.Gem;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.Mac;
import io.sightline.pooling.RMac;
import io.sightline.pooling.Remap;
import io.sightline.pooling.RemapWeights;
import io.sightline.pooling.Spoc;
import io.sightline.verify.CellFeatures;
import io.sightline.whitening.Whitening;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a bundle into the extractor it describes (backbone, head, scales, whitening). Every service that is given
 * a bundle builds its extractor here, so a descriptor means the same everywhere.
 */
public final class BundleModel {
    static final String WHITENING_MEAN = "whitening.mean";
    static final String WHITENING_PROJECTION = "whitening.projection";
    /** Engine names in manifests (DJL's engine names). */
    public static final String ONNX_RUNTIME = "OnnxRuntime";

    public static final String PYTORCH = "PyTorch";
    public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
    public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    /** A backbone and the extractor over it; closing closes both. */
    public record Opened(Backbone backbone, DescriptorExtractor extractor, GlobalHead head) implements AutoCloseable {
        @Override
        public void close() {
            extractor.close();
            backbone.close();
        }
    }

    private BundleModel() {}

    /** Loads the backbone on the CPU and builds the extractor of {@code bundle}. */
    public static Opened open(ModelBundle bundle, int sessions, Map<String, String> ortOptions) {
        return open(bundle, sessions, ortOptions, InferenceDevice.cpu());
    }

    /** Loads the backbone on {@code device} (ONNX backbones; TorchScript ones run on the CPU) and builds the extractor. */
    public static Opened open(
            ModelBundle bundle, int sessions, Map<String, String> ortOptions, InferenceDevice device) {
        return open(bundle, sessions, ortOptions, device, Optional.empty());
    }

    /**
     * As {@link #open(ModelBundle, int, Map, InferenceDevice)}, keeping {@code cells} as each image's local features
     * (the backbone is asked for their layer too).
     */
    public static Opened open(
            ModelBundle bundle,
            int sessions,
            Map<String, String> ortOptions,
            InferenceDevice device,
            Optional<CellFeatures> cells) {
        BundleManifest m = bundle.manifest();
        Backbone backbone = backbone(bundle, sessions, ortOptions, device, cells.map(CellFeatures::layer));
        try {
            Optional<Whitening> whitening = whitening(bundle);
            boolean regional =
                    m.whitening() != null && "region".equals(m.whitening().level());
            GlobalHead head = head(m, regional ? whitening : Optional.empty());
            List<Integer> sides = m.scales();
            List<Double> factors =
                    sides.stream().map(s -> (double) s / sides.get(0)).toList();
            DescriptorExtractor extractor = new DescriptorExtractor(
                    backbone,
                    head,
                    sides.get(0),
                    new MultiScale(factors, aggregationPower(m.scaleAggregation())),
                    regional ? Optional.empty() : whitening,
                    Math.max(1, sessions),
                    Optional.of(m.version()),
                    cells);
            return new Opened(backbone, extractor, head);
        } catch (RuntimeException e) {
            backbone.close();
            throw e;
        }
    }

    /**
     * The backbone of a bundle on the engine its manifest names: {@link #ONNX_RUNTIME} for the frozen ONNX
     * backbone, {@link #PYTORCH} for a TorchScript one (e.g. fine-tuned by the trainer), whose output tuple
     * follows {@link TorchScriptBackbone#MOBILENETV2_OUTPUTS}.
     */
    public static Backbone backbone(
            ModelBundle bundle, int sessions, Map<String, String> ortOptions, InferenceDevice device) {
        return backbone(bundle, sessions, ortOptions, device, Optional.empty());
    }

    /** As {@link #backbone(ModelBundle, int, Map, InferenceDevice)}, returning {@code extraLayer} too. */
    public static Backbone backbone(
            ModelBundle bundle,
            int sessions,
            Map<String, String> ortOptions,
            InferenceDevice device,
            Optional<String> extraLayer) {
        BundleManifest.BackboneSpec spec = bundle.manifest().backbone();
        List<String> layers = new java.util.ArrayList<>(spec.layers());
        extraLayer.filter(l -> !layers.contains(l)).ifPresent(layers::add);
        ImageNetNormalizer normalizer = normalizer(spec);
        return switch (spec.engine()) {
            case ONNX_RUNTIME ->
                new OnnxBackbone(bundle.backboneFile(), layers, sessions, normalizer, ortOptions, device);
            case PYTORCH ->
                new TorchScriptBackbone(
                        bundle.backboneFile(), TorchScriptBackbone.MOBILENETV2_OUTPUTS, layers, sessions, normalizer);
            default ->
                throw new BundleException("bundle " + bundle.version() + ": unknown engine '" + spec.engine() + "' ("
                        + ONNX_RUNTIME + ", " + PYTORCH + ")");
        };
    }

    private static ImageNetNormalizer normalizer(BundleManifest.BackboneSpec spec) {
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int i = 0; i < 3; i++) {
            mean[i] = spec.mean().get(i).floatValue();
            std[i] = spec.std().get(i).floatValue();
        }
        return new ImageNetNormalizer(mean, std);
    }

    /** The head a manifest names; per-region whitening goes into R-MAC / REMAP, global whitening is the caller's. */
    public static GlobalHead head(BundleManifest m, Optional<Whitening> regionWhitening) {
        String layer = m.backbone().layers().get(0);
        Map<String, String> p = m.head().params();
        int levels = Integer.parseInt(p.getOrDefault("levels", "3"));
        return switch (m.head().type()) {
            case "mac" -> GlobalHead.of(layer, new Mac());
            case "spoc" -> GlobalHead.of(layer, new Spoc());
            case "gem" -> GlobalHead.of(layer, new Gem(Double.parseDouble(p.getOrDefault("p", "3"))));
            case "rmac" ->
                GlobalHead.of(
                        layer,
                        regionWhitening.map(w -> RMac.whitened(levels, w)).orElseGet(() -> new RMac(levels)));
            case "remap" ->
                new Remap(
                        m.backbone().layers(),
                        levels,
                        RemapWeights.uniform(m.backbone().layers(), levels),
                        regionWhitening);
            default ->
                throw new BundleException("bundle " + m.version() + ": unknown head '"
                        + m.head().type() + "' (mac, spoc, gem, rmac, remap)");
        };
    }

    static Optional<Whitening> whitening(ModelBundle bundle) {
        BundleManifest.WhiteningSpec spec = bundle.manifest().whitening();
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(new Whitening(
                bundle.array(spec.meanArray()), bundle.array(spec.projectionArray()), spec.outputDim(), spec.type()));
    }

    /** {@code sum} = 1 (a plain sum before L2), {@code gem:<p>} = generalized mean with power p. */
    static double aggregationPower(String aggregation) {
        if (aggregation == null || aggregation.equals("sum")) {
            return 1.0;
        }
        if (aggregation.startsWith("gem:")) {
            return Double.parseDouble(aggregation.substring(4));
        }
        throw new BundleException("unknown scale aggregation '" + aggregation + "' (sum or gem:<p>)");
    }

    /** Array specs and values for a learned whitening, to put in a manifest. */
    public static Map<String, BundleManifest.ArraySpec> whiteningArrays(Whitening w) {
        return Map.of(
                WHITENING_MEAN,
                new BundleManifest.ArraySpec("whitening-mean.f32", List.of(w.inputDimension())),
                WHITENING_PROJECTION,
                new BundleManifest.ArraySpec(
                        "whitening-projection.f32", List.of(w.outputDimension(), w.inputDimension())));
    }

    public static Map<String, float[]> whiteningValues(Whitening w) {
        return Map.of(WHITENING_MEAN, w.mean(), WHITENING_PROJECTION, w.projection());
    }

    public static BundleManifest.WhiteningSpec whiteningSpec(Whitening w, String type, String level, double power) {
        return new BundleManifest.WhiteningSpec(
                type, level, w.inputDimension(), w.outputDimension(), power, WHITENING_MEAN, WHITENING_PROJECTION);
    }
}
