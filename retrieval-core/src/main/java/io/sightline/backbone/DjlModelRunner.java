package io.sightline.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every DJL-run backbone shares, whatever the engine: the model loaded once from a file, a fixed pool of
 * {@link Predictor}s (which are not thread-safe) shared by callers, so at most {@code poolSize} images are in
 * flight and callers beyond that wait, and the NCHW input tensor built from a normalised image.
 *
 * <p>{@link #close()} refuses new inferences and waits for those in flight before it frees the native session:
 * freeing an ONNX Runtime session under a running {@code OrtSession.run} crashed the JVM (SIGSEGV) when SIGTERM
 * reached a demo mid-ingest.
 */
final class DjlModelRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DjlModelRunner.class);
    /** How often a caller waiting for a predictor checks whether the runner was closed meanwhile. */
    private static final long POLL_MILLIS = 50;
    /** The longest close waits for in-flight inferences: one batch of large images on a busy CPU takes a few s. */
    static final long DEFAULT_DRAIN_MILLIS = 5_000;
    /** DJL's name of its ONNX Runtime engine. */
    static final String ORT_ENGINE = "OnnxRuntime";

    /** Reads the engine's outputs into feature maps while the outputs' NDManager is still open. */
    @FunctionalInterface
    interface OutputReader<T> {
        T read(NDList outputs) throws ExtractionException;
    }

    /** Writes the {@code [n, 3, h, w]} input into the slot's buffer (at least {@code n * 3 * h * w} long). */
    @FunctionalInterface
    interface InputWriter {
        void write(float[] nchw);
    }

    /**
     * A predictor and the input buffer that goes with it: buffers are as many as predictors, not as many as the
     * threads that ever called (a 1024-pixel image is a 9 MB float array), and are reused image after image; the
     * engine copies the input into its own tensor.
     */
    private static final class Slot {
        final Predictor<NDList, NDList> predictor;
        float[] buffer = new float[0];

        Slot(Predictor<NDList, NDList> predictor) {
            this.predictor = predictor;
        }

        float[] buffer(int floats) {
            if (buffer.length < floats) {
                buffer = new float[floats];
            }
            return buffer;
        }
    }

    private final String id;
    private final Model model;
    private final BlockingQueue<Slot> slots;
    private final List<Predictor<NDList, NDList>> allPredictors = new ArrayList<>();
    private final int poolSize;
    private volatile boolean refusing;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    DjlModelRunner(Path modelFile, String engine, int poolSize, Map<String, String> options, InferenceDevice device) {
        if (poolSize <= 0) {
            throw new IllegalArgumentException("poolSize must be positive: " + poolSize);
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("backbone model file not found: " + modelFile.toAbsolutePath());
        }
        this.id = modelFile.getFileName() + "@" + sha256Prefix(modelFile);
        try {
            this.model = device.load(on -> load(modelFile, engine, options, on));
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot load backbone " + modelFile + " with engine " + engine + ": " + e.getMessage(), e);
        }
        this.poolSize = poolSize;
        this.slots = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator());
            allPredictors.add(p);
            slots.add(new Slot(p));
        }
    }

    /**
     * Loads the file with DJL's engine directly rather than through a {@code Criteria}: criteria pass only string
     * options, and ONNX Runtime's exact int8 arithmetic is a session config entry, which needs a
     * {@link OrtSession.SessionOptions} object (DJL's {@code sessionOptions} option, which it then completes with the
     * string options and the device's execution provider). A fresh one per attempt: a failed GPU attempt must not
     * leave its CUDA provider in the CPU attempt's options.
     */
    private static Model load(Path modelFile, String engine, Map<String, String> options, Device device)
            throws IOException, MalformedModelException {
        String file = modelFile.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String name = dot > 0 ? file.substring(0, dot) : file;
        Path folder = modelFile.toAbsolutePath().getParent();
        Model model = Model.newInstance(name, device, engine);
        try {
            if (!ORT_ENGINE.equals(engine)) {
                model.load(folder, name, options);
                return model;
            }
            try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
                // The u8s8 int8 kernels of x86 CPUs without VNNI (AVX2, AVX-512 before Cascade Lake) sum pairs of
                // products in a saturating 16-bit register, so the same photo got another descriptor there (the 12
                // dev queries: 0.9886 on an AVX2 EPYC against 0.9945 on a VNNI CPU). With this entry ONNX Runtime
                // shifts the weights to u8 and uses its exact u8u8 kernels on those CPUs only; elsewhere it changes
                // nothing. A descriptor must not depend on which node extracted it (decision 041).
                session.addConfigEntry("session.x64quantprecision", "1");
                Map<String, Object> all = new HashMap<>(options);
                all.put("sessionOptions", session);
                model.load(folder, name, all);
            }
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        } catch (OrtException e) {
            model.close();
            throw new MalformedModelException("ONNX Runtime session options: " + e.getMessage(), e);
        }
    }

    String id() {
        return id;
    }

    /** The device the model was loaded on (the CPU when a GPU was asked for but not usable). */
    Device device() {
        return model.getNDManager().getDevice();
    }

    /**
     * Runs {@code n} images of the same size as one {@code [n, 3, h, w]} input (named {@code inputName} when not
     * null), written by {@code writer} into a reused buffer, and reads the outputs, which are {@code [n, ...]} (see
     * {@link #slice}).
     */
    <T> T run(int n, int h, int w, String inputName, InputWriter writer, OutputReader<T> reader)
            throws ExtractionException {
        Slot slot = acquire();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            int floats = n * 3 * h * w;
            float[] nchw = slot.buffer(floats);
            writer.write(nchw);
            NDArray input = manager.create(FloatBuffer.wrap(nchw, 0, floats), new Shape(n, 3, h, w));
            if (inputName != null) {
                input.setName(inputName);
            }
            return reader.read(slot.predictor.predict(new NDList(input)));
        } catch (TranslateException | RuntimeException e) {
            throw new ExtractionException(
                    "backbone " + id + " failed on " + (n == 1 ? "a " : n + " ") + w + "x" + h
                            + (n == 1 ? " image: " : " images: ") + e.getMessage(),
                    e);
        } finally {
            slots.add(slot);
        }
    }

    /**
     * A free predictor, or {@link BackboneClosedException} once new inferences are refused. The flag is checked
     * after the slot is taken: close() sets it before it collects the slots, so a caller either sees it or holds a
     * slot that close() waits for.
     */
    private Slot acquire() throws ExtractionException {
        try {
            while (true) {
                if (refusing) {
                    throw closedException();
                }
                Slot slot = slots.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (slot != null) {
                    if (refusing) {
                        slots.add(slot);
                        throw closedException();
                    }
                    return slot;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtractionException("interrupted waiting for a predictor of " + id, e);
        }
    }

    private BackboneClosedException closedException() {
        return new BackboneClosedException("backbone " + id + " is closed (the process is stopping)");
    }

    /** Image {@code i} of batched outputs: every {@code [n, C, H, W]} output as {@code [1, C, H, W]}, names kept. */
    static NDList slice(NDList batched, int i) {
        NDList one = new NDList(batched.size());
        for (NDArray out : batched) {
            NDArray s = out.get(i).expandDims(0);
            s.setName(out.getName());
            one.add(s);
        }
        return one;
    }

    /** A {@code [1, C, H, W]} output as a feature map of {@code layer}. */
    FeatureMap toFeatureMap(String layer, NDArray out) throws ExtractionException {
        Shape s = out.getShape();
        if (s.dimension() != 4 || s.get(0) != 1) {
            throw new ExtractionException(
                    "backbone " + id + " output '" + layer + "' has shape " + s + ", expected [1, C, H, W]");
        }
        return new FeatureMap(layer, (int) s.get(1), (int) s.get(2), (int) s.get(3), out.toFloatArray());
    }

    /**
     * From now on every inference that has not started fails with {@link BackboneClosedException}; those running
     * finish. The first step of a stop, so that a stream thread in the middle of a batch ends it in one inference
     * instead of working through it (seconds) while everything waits.
     */
    void refuseNew() {
        refusing = true;
    }

    @Override
    public void close() {
        close(DEFAULT_DRAIN_MILLIS);
    }

    /**
     * Refuses new inferences, waits up to {@code drainMillis} for those in flight, then frees predictors and model.
     * If some are still running then, the native session is left to the process's exit rather than freed under
     * them: a leak at shutdown is harmless, a freed session under a running inference is a native crash.
     *
     * @return whether everything was freed
     */
    boolean close(long drainMillis) {
        refusing = true;
        if (!closing.compareAndSet(false, true)) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        int idle = 0;
        boolean interrupted = false;
        while (idle < poolSize) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                if (slots.poll(left, TimeUnit.NANOSECONDS) != null) {
                    idle++;
                }
            } catch (InterruptedException e) {
                // Finish the drain anyway: returning early would leave the choice between a leak and a crash.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (idle < poolSize) {
            log.warn(
                    "backbone {}: {} of {} inferences still running after {} ms; leaving its native session to the "
                            + "process exit instead of freeing it under them",
                    id,
                    poolSize - idle,
                    poolSize,
                    drainMillis);
            return false;
        }
        allPredictors.forEach(Predictor::close);
        model.close();
        log.debug("backbone {} closed", id);
        return true;
    }

    static String sha256Prefix(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest())
                    .substring(0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot checksum " + file, e);
        }
    }
}
