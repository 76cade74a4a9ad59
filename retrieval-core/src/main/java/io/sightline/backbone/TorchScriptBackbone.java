package io.sightline.backbone;

import ai.djl.ndarray.NDList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backbone saved as TorchScript (e.g. a fine-tuned one from the trainer), run by DJL's PyTorch engine. A
 * traced module returns a tuple whose members have no names, so the caller says which layer each position
 * holds ({@link #MOBILENETV2_OUTPUTS} for {@code mobilenetv2-float-features.pt} and what is fine-tuned from it).
 * The PyTorch engine must be on the class path at run time (the trainer module and the app bring it);
 * retrieval-core itself only compiles against DJL's engine-neutral API.
 */
public final class TorchScriptBackbone implements Backbone {

    /** Output order of {@code mobilenetv2-float-features.pt}: {@code (features_13, features_17, features_18)}. */
    public static final List<String> MOBILENETV2_OUTPUTS = List.of("features_13", "features_17", "features_18");

    private static final Logger log = LoggerFactory.getLogger(TorchScriptBackbone.class);

    private final List<String> layers;
    private final List<String> outputs;
    private final DjlModelRunner runner;
    private final ImageNetNormalizer normalizer;

    /**
     * @param outputs the layer name of each position of the module's output tuple
     * @param layers  the layers {@link #extract} returns, a subset of {@code outputs}
     */
    public TorchScriptBackbone(Path modelFile, List<String> outputs, List<String> layers, int poolSize,
                               ImageNetNormalizer normalizer) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("at least one layer is needed");
        }
        for (String layer : layers) {
            if (!outputs.contains(layer)) {
                throw new IllegalArgumentException("TorchScript backbone " + modelFile + " has no output '" + layer
                        + "'; its outputs are " + outputs);
            }
        }
        this.layers = List.copyOf(layers);
        this.outputs = List.copyOf(outputs);
        this.normalizer = normalizer;
        long started = System.nanoTime();
        this.runner = new DjlModelRunner(modelFile, "PyTorch", poolSize, Map.of());
        log.info("backbone loaded id={} engine=PyTorch layers={} poolSize={} ms={}", runner.id(), this.layers,
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
        return runner.run(normalizer.toChw(rgb), rgb.getHeight(), rgb.getWidth(), null, this::read);
    }

    private Map<String, FeatureMap> read(NDList result) throws ExtractionException {
        if (result.size() != outputs.size()) {
            throw new ExtractionException("TorchScript backbone " + runner.id() + " returned " + result.size()
                    + " tensors, expected " + outputs.size() + " " + outputs);
        }
        Map<String, FeatureMap> maps = new LinkedHashMap<>();
        for (String layer : layers) {
            maps.put(layer, runner.toFeatureMap(layer, result.get(outputs.indexOf(layer))));
        }
        return maps;
    }

    @Override
    public void close() {
        runner.close();
    }
}
