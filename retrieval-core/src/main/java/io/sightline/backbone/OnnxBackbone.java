package io.sightline.backbone;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A backbone in an ONNX file, run by DJL's ONNX Runtime engine. The model is loaded once; a fixed pool of
 * {@link Predictor}s (which are not thread-safe) is shared by callers, so at most {@code poolSize} images
 * are in flight and callers beyond that wait.
 */
public final class OnnxBackbone implements Backbone {

    private static final Logger log = LoggerFactory.getLogger(OnnxBackbone.class);
    private static final String INPUT_NAME = "input";

    private final List<String> layers;
    private final String id;
    private final ZooModel<NDList, NDList> model;
    private final BlockingQueue<Predictor<NDList, NDList>> predictors;
    private final List<Predictor<NDList, NDList>> allPredictors = new ArrayList<>();
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
        if (poolSize <= 0) {
            throw new IllegalArgumentException("poolSize must be positive: " + poolSize);
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("backbone model file not found: " + modelFile.toAbsolutePath());
        }
        this.layers = List.copyOf(layers);
        this.normalizer = normalizer;
        this.id = modelFile.getFileName() + "@" + sha256Prefix(modelFile);
        long started = System.nanoTime();
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(modelFile)
                .optEngine("OnnxRuntime")
                .optTranslator(new NoopTranslator());
        ortOptions.forEach(criteria::optOption);
        try {
            this.model = criteria.build().loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load backbone " + modelFile + " with ONNX Runtime: " + e.getMessage(), e);
        }
        this.predictors = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Predictor<NDList, NDList> p = model.newPredictor();
            allPredictors.add(p);
            predictors.add(p);
        }
        log.info("backbone loaded id={} layers={} poolSize={} ms={}", id, this.layers, poolSize,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public List<String> layers() {
        return layers;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Map<String, FeatureMap> extract(BufferedImage rgb) throws ExtractionException {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        float[] chw = normalizer.toChw(rgb);
        Predictor<NDList, NDList> predictor;
        try {
            predictor = predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtractionException("interrupted waiting for a predictor of " + id, e);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(FloatBuffer.wrap(chw), new Shape(1, 3, h, w));
            input.setName(INPUT_NAME);
            NDList outputs = predictor.predict(new NDList(input));
            Map<String, FeatureMap> maps = new LinkedHashMap<>();
            for (String layer : layers) {
                NDArray out = outputs.get(layer);
                if (out == null) {
                    throw new ExtractionException("backbone " + id + " has no output '" + layer + "'; outputs are "
                            + outputs.stream().map(NDArray::getName).toList());
                }
                Shape s = out.getShape();
                if (s.dimension() != 4 || s.get(0) != 1) {
                    throw new ExtractionException("backbone " + id + " output '" + layer + "' has shape " + s
                            + ", expected [1, C, H, W]");
                }
                maps.put(layer, new FeatureMap(layer, (int) s.get(1), (int) s.get(2), (int) s.get(3), out.toFloatArray()));
            }
            return maps;
        } catch (TranslateException | RuntimeException e) {
            throw new ExtractionException("backbone " + id + " failed on a " + w + "x" + h + " image: " + e.getMessage(), e);
        } finally {
            predictors.add(predictor);
        }
    }

    @Override
    public void close() {
        allPredictors.forEach(Predictor::close);
        model.close();
    }

    private static String sha256Prefix(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot checksum " + file, e);
        }
    }
}
