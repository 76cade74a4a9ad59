package io.sightline.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every DJL-run backbone shares: the model loaded once into a {@link DjlModelRunner}, ImageNet normalisation
 * of the input, the layers asked for. Subclasses only say how the engine's outputs map to layers.
 */
public abstract sealed class DjlBackbone implements Backbone permits OnnxBackbone, TorchScriptBackbone {
    private static final Logger log = LoggerFactory.getLogger(DjlBackbone.class);

    private final List<String> layers;
    private final ImageNetNormalizer normalizer;
    private final String inputName;
    final DjlModelRunner runner;

    /**
     * @param engine    DJL engine name, e.g. {@code OnnxRuntime}, {@code PyTorch}
     * @param inputName the model's input name, or null for a positional input
     * @param options   engine options passed to DJL's criteria
     * @param device    where to run it; a GPU only when usable, see {@link InferenceDevice}
     */
    DjlBackbone(
            Path modelFile,
            String engine,
            List<String> layers,
            int poolSize,
            ImageNetNormalizer normalizer,
            Map<String, String> options,
            String inputName,
            InferenceDevice device) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("at least one layer is needed");
        }
        this.layers = List.copyOf(layers);
        this.normalizer = normalizer;
        this.inputName = inputName;
        long started = System.nanoTime();
        this.runner = new DjlModelRunner(modelFile, engine, poolSize, options, device);
        log.info(
                "backbone loaded id={} engine={} device={} cpu={} layers={} poolSize={} ms={}",
                runner.id(),
                engine,
                runner.device(),
                CpuFeatures.local().describe(),
                this.layers,
                poolSize,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public final List<String> layers() {
        return layers;
    }

    @Override
    public final String id() {
        return runner.id();
    }

    /** The DJL device the backbone runs on, e.g. {@code cpu()} or {@code gpu(0)}. */
    public final Device device() {
        return runner.device();
    }

    @Override
    public final Map<String, FeatureMap> extract(BufferedImage rgb) throws ExtractionException {
        return runner.run(1, rgb.getHeight(), rgb.getWidth(), inputName, chw -> normalizer.toChw(rgb, chw), this::read);
    }

    /**
     * One inference over the whole batch when every image has the same size (what {@code DescriptorExtractor}
     * groups), image by image otherwise.
     */
    @Override
    public final List<Map<String, FeatureMap>> extractBatch(List<BufferedImage> rgb) throws ExtractionException {
        if (rgb.size() <= 1 || !sameSize(rgb)) {
            return Backbone.super.extractBatch(rgb);
        }
        int h = rgb.getFirst().getHeight();
        int w = rgb.getFirst().getWidth();
        int plane = 3 * h * w;
        return runner.run(
                rgb.size(),
                h,
                w,
                inputName,
                nchw -> {
                    for (int i = 0; i < rgb.size(); i++) {
                        normalizer.toChw(rgb.get(i), nchw, i * plane);
                    }
                },
                outputs -> {
                    List<Map<String, FeatureMap>> maps = new java.util.ArrayList<>(rgb.size());
                    for (int i = 0; i < rgb.size(); i++) {
                        maps.add(read(DjlModelRunner.slice(outputs, i)));
                    }
                    return maps;
                });
    }

    private static boolean sameSize(List<BufferedImage> images) {
        BufferedImage first = images.getFirst();
        return images.stream().allMatch(i -> i.getWidth() == first.getWidth() && i.getHeight() == first.getHeight());
    }

    /** The feature map of each of {@link #layers()} from one inference's outputs. */
    abstract Map<String, FeatureMap> read(NDList outputs) throws ExtractionException;

    @Override
    public final void refuseNew() {
        runner.refuseNew();
    }

    @Override
    public final void close() {
        runner.close();
    }
}
