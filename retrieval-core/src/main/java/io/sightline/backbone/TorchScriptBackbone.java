package io.sightline.backbone;

import ai.djl.ndarray.NDList;
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
public final class TorchScriptBackbone extends DjlBackbone {

    /** Output order of {@code mobilenetv2-float-features.pt}: {@code (features_13, features_17, features_18)}. */
    public static final List<String> MOBILENETV2_OUTPUTS = List.of("features_13", "features_17", "features_18");

    private final List<String> outputs;

    /**
     * @param outputs the layer name of each position of the module's output tuple
     * @param layers  the layers {@link #extract} returns, a subset of {@code outputs}
     */
    public TorchScriptBackbone(
            Path modelFile, List<String> outputs, List<String> layers, int poolSize, ImageNetNormalizer normalizer) {
        super(
                modelFile,
                "PyTorch",
                requireAmong(modelFile, outputs, layers),
                poolSize,
                normalizer,
                Map.of(),
                null,
                InferenceDevice.cpu());
        this.outputs = List.copyOf(outputs);
    }

    /** Checked before the model is loaded, so a wrong layer name costs nothing. */
    private static List<String> requireAmong(Path modelFile, List<String> outputs, List<String> layers) {
        for (String layer : layers) {
            if (!outputs.contains(layer)) {
                throw new IllegalArgumentException("TorchScript backbone " + modelFile + " has no output '" + layer
                        + "'; its outputs are " + outputs);
            }
        }
        return layers;
    }

    @Override
    Map<String, FeatureMap> read(NDList result) throws ExtractionException {
        if (result.size() != outputs.size()) {
            throw new ExtractionException("TorchScript backbone " + id() + " returned " + result.size()
                    + " tensors, expected " + outputs.size() + " " + outputs);
        }
        Map<String, FeatureMap> maps = new LinkedHashMap<>();
        for (String layer : layers()) {
            maps.put(layer, runner.toFeatureMap(layer, result.get(outputs.indexOf(layer))));
        }
        return maps;
    }
}
