package io.sightline.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backbone in an ONNX file, run by DJL's ONNX Runtime engine. The model is loaded once; a fixed pool of
 * predictors is shared by callers (see {@link DjlModelRunner}). Outputs are read by name.
 */
public final class OnnxBackbone extends DjlBackbone {

    private static final String INPUT_NAME = "input";

    public OnnxBackbone(Path modelFile, List<String> layers, int poolSize) {
        this(modelFile, layers, poolSize, ImageNetNormalizer.imagenet(), Map.of());
    }

    public OnnxBackbone(
            Path modelFile,
            List<String> layers,
            int poolSize,
            ImageNetNormalizer normalizer,
            Map<String, String> ortOptions) {
        this(modelFile, layers, poolSize, normalizer, ortOptions, InferenceDevice.cpu());
    }

    /**
     * @param ortOptions DJL ONNX Runtime options, e.g. {@code intraOpNumThreads} (DJL's string options of its
     *                   ONNX Runtime engine)
     * @param device     the CPU, or a GPU through ONNX Runtime's CUDA execution provider when one is usable
     */
    public OnnxBackbone(
            Path modelFile,
            List<String> layers,
            int poolSize,
            ImageNetNormalizer normalizer,
            Map<String, String> ortOptions,
            InferenceDevice device) {
        super(modelFile, DjlModelRunner.ORT_ENGINE, layers, poolSize, normalizer, ortOptions, INPUT_NAME, device);
    }

    @Override
    Map<String, FeatureMap> read(NDList outputs) throws ExtractionException {
        Map<String, FeatureMap> maps = new LinkedHashMap<>();
        for (String layer : layers()) {
            NDArray out = outputs.get(layer);
            if (out == null) {
                throw new ExtractionException("backbone " + id() + " has no output '" + layer + "'; outputs are "
                        + outputs.stream().map(NDArray::getName).toList());
            }
            maps.put(layer, runner.toFeatureMap(layer, out));
        }
        return maps;
    }
}
