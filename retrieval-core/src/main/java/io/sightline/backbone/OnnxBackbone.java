package io.sightline.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backbone in an ONNX file, run by DJL's ONNX Runtime engine. The model is loaded once; a fixed pool of
 * predictors is shared by callers (see {@link DjlModelRunner}). Outputs are read by name.
 */
public final class OnnxBackbone implements Backbone {

    private static final Logger log = LoggerFactory.getLogger(OnnxBackbone.class);
    private static final String INPUT_NAME = "input";

    private final List<String> layers;
    private final DjlModelRunner runner;
    private final ImageNetNormalizer normalizer;

    public OnnxBackbone(Path modelFile, List<String> layers, int poolSize) {
        this(modelFile, layers, poolSize, ImageNetNormalizer.imagenet(), Map.of());
    }

    /**
     * @param ortOptions DJL ONNX Runtime options, e.g. {@code intraOpNumThreads}, passed to
     *                   {@link Criteria.Builder#optOption(String, String)}
     */
    public OnnxBackbone(Path modelFile, List<String> layers, int poolSize, ImageNetNormalizer normalizer,
                        Map<String, String> ortOptions) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("at least one layer is needed");
        }
        this.layers = List.copyOf(layers);
        this.normalizer = normalizer;
        long started = System.nanoTime();
        this.runner = new DjlModelRunner(modelFile, "OnnxRuntime", poolSize, ortOptions);
        log.info("backbone loaded id={} engine=OnnxRuntime layers={} poolSize={} ms={}", runner.id(), this.layers,
                poolSize, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public List<String> layers() {
        return layers;
    }

    @Override
    public String id() {
        return runner.id();
    }

    @Override
    public Map<String, FeatureMap> extract(BufferedImage rgb) throws ExtractionException {
        return runner.run(normalizer.toChw(rgb), rgb.getHeight(), rgb.getWidth(), INPUT_NAME, this::read);
    }

    private Map<String, FeatureMap> read(NDList outputs) throws ExtractionException {
        Map<String, FeatureMap> maps = new LinkedHashMap<>();
        for (String layer : layers) {
            NDArray out = outputs.get(layer);
            if (out == null) {
                throw new ExtractionException("backbone " + runner.id() + " has no output '" + layer + "'; outputs are "
                        + outputs.stream().map(NDArray::getName).toList());
            }
            maps.put(layer, runner.toFeatureMap(layer, out));
        }
        return maps;
    }

    @Override
    public void close() {
        runner.close();
    }
}
