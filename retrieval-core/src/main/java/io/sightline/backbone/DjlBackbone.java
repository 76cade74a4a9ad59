package io.sightline.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
     * Each thread's input buffer, grown to the largest image it has seen: a 512-pixel image is a 2.4 MB float
     * array, which would otherwise be allocated and thrown away per image (the engine copies it into its own tensor).
     */
    private final ThreadLocal<float[]> inputBuffer = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * @param engine    DJL engine name, e.g. {@code OnnxRuntime}, {@code PyTorch}
     * @param inputName the model's input name, or null for a positional input
     * @param options   engine options passed to DJL's criteria
     * @param device    where to run it; a GPU only when usable, see {@link InferenceDevice}
     */
    DjlBackbone(Path modelFile, String engine, List<String> layers, int poolSize, ImageNetNormalizer normalizer,
                Map<String, String> options, String inputName, InferenceDevice device) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("at least one layer is needed");
        }
        this.layers = List.copyOf(layers);
        this.normalizer = normalizer;
        this.inputName = inputName;
        long started = System.nanoTime();
        this.runner = new DjlModelRunner(modelFile, engine, poolSize, options, device);
        log.info("backbone loaded id={} engine={} device={} layers={} poolSize={} ms={}", runner.id(), engine,
                runner.device(), this.layers, poolSize, (System.nanoTime() - started) / 1_000_000);
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
        float[] chw = buffer(3 * rgb.getWidth() * rgb.getHeight());
        normalizer.toChw(rgb, chw);
        return runner.run(chw, rgb.getHeight(), rgb.getWidth(), inputName, this::read);
    }

    private float[] buffer(int floats) {
        float[] b = inputBuffer.get();
        if (b.length < floats) {
            b = new float[floats];
            inputBuffer.set(b);
        }
        return b;
    }

    /**
     * One inference over the whole batch when every image has the same size (what {@code DescriptorExtractor}
     * groups), image by image otherwise. The input buffer is one array for the batch.
     */
    @Override
    public final List<Map<String, FeatureMap>> extractBatch(List<BufferedImage> rgb) throws ExtractionException {
        if (rgb.size() <= 1 || !sameSize(rgb)) {
            return Backbone.super.extractBatch(rgb);
        }
        int h = rgb.getFirst().getHeight();
        int w = rgb.getFirst().getWidth();
        int plane = 3 * h * w;
        float[] nchw = buffer(rgb.size() * plane);
        for (int i = 0; i < rgb.size(); i++) {
            normalizer.toChw(rgb.get(i), nchw, i * plane);
        }
        return runner.run(nchw, rgb.size(), h, w, inputName, outputs -> {
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
    public final void close() {
        runner.close();
    }
}
