package io.sightline.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where a backbone runs: the CPU, or a GPU through ONNX Runtime's CUDA execution provider. A GPU is only used when
 * one is usable; otherwise the model loads on the CPU after one log line saying why (WARN when a GPU was required,
 * INFO when it was only welcome), so a worker never fails to start for want of a GPU.
 *
 * @param mode  what was asked for
 * @param gpuId the CUDA device ordinal used when a GPU is
 */
public record InferenceDevice(Mode mode, int gpuId) {
    private static final Logger log = LoggerFactory.getLogger(InferenceDevice.class);

    /** {@code cpu}: always the CPU; {@code gpu}: a GPU is expected; {@code auto}: a GPU when there is one. */
    public enum Mode {
        CPU,
        GPU,
        AUTO
    }

    /** Loads a model on a DJL device. */
    @FunctionalInterface
    public interface Loader<M> {
        M load(Device device) throws IOException, ModelNotFoundException, MalformedModelException;
    }

    /** Says why GPU {@code gpuId} cannot be used, or nothing when it looks usable. */
    @FunctionalInterface
    public interface GpuProbe {
        Optional<String> unusable(int gpuId);

        /** The ONNX Runtime build on the class path has the CUDA provider and CUDA sees the device. */
        static GpuProbe cuda() {
            return gpuId -> {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    return Optional.of("this ONNX Runtime build has no CUDA execution provider; build with -Pgpu");
                }
                int gpus = CudaUtils.getGpuCount();
                if (gpus == 0) {
                    return Optional.of("CUDA finds no GPU");
                }
                if (gpuId >= gpus) {
                    return Optional.of("GPU " + gpuId + " asked for, CUDA finds " + gpus);
                }
                return Optional.empty();
            };
        }
    }

    public InferenceDevice {
        if (gpuId < 0) {
            throw new IllegalArgumentException("gpuId must be >= 0: " + gpuId);
        }
    }

    public static InferenceDevice cpu() {
        return new InferenceDevice(Mode.CPU, 0);
    }

    /** From a configuration value: {@code cpu}, {@code gpu} or {@code auto}. */
    public static InferenceDevice of(String mode, int gpuId) {
        try {
            return new InferenceDevice(Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT)), gpuId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown inference device '" + mode + "' (cpu, gpu, auto)", e);
        }
    }

    /** Loads on the GPU when asked for and usable (see {@link GpuProbe#cuda()}), else on the CPU. */
    public <M> M load(Loader<M> loader) throws IOException, ModelNotFoundException, MalformedModelException {
        return load(loader, GpuProbe.cuda());
    }

    /**
     * As {@link #load(Loader)} with another probe. A GPU that passes the probe may still fail when the session is
     * created (e.g. cuDNN missing): that falls back to the CPU too, with the engine's message as the reason.
     */
    public <M> M load(Loader<M> loader, GpuProbe probe)
            throws IOException, ModelNotFoundException, MalformedModelException {
        if (mode == Mode.CPU) {
            return loader.load(Device.cpu());
        }
        Optional<String> unusable = probe.unusable(gpuId);
        if (unusable.isEmpty()) {
            try {
                M model = loader.load(Device.gpu(gpuId));
                log.info("extracting on GPU {} (ONNX Runtime CUDA execution provider) device={}", gpuId, mode);
                return model;
            } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
                unusable = Optional.of("CUDA session failed: " + rootMessage(e));
            }
        }
        log.atLevel(mode == Mode.GPU ? Level.WARN : Level.INFO)
                .log(
                        "no usable GPU ({}); extracting on CPU device={} gpuId={}",
                        unusable.get(),
                        mode.name().toLowerCase(Locale.ROOT),
                        gpuId);
        return loader.load(Device.cpu());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
