package io.sightline.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * On a machine without a GPU (CI, and the default CPU build), asking for a GPU must still give a working backbone on
 * the CPU, one log line saying why, and the very descriptors the CPU configuration gives.
 */
class InferenceDeviceTest {

    private static final String LAYER = "features_17";
    private static BufferedImage photo;
    private static float[] cpuDescriptor;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(InferenceDevice.class);

    @BeforeAll
    static void cpuReference() throws Exception {
        photo = new ImageDecoder(ImageLimits.defaults())
                .decode(Files.readAllBytes(SharedData.parisImage("paris_eiffel_000266")));
        cpuDescriptor = descriptorOn(InferenceDevice.cpu());
    }

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    private static float[] descriptorOn(InferenceDevice device) throws Exception {
        try (OnnxBackbone backbone = new OnnxBackbone(
                        SharedData.backboneOnnx(), List.of(LAYER), 1, ImageNetNormalizer.imagenet(), Map.of(), device);
                DescriptorExtractor extractor = new DescriptorExtractor(backbone, LAYER, new RMac(3), 512, 1)) {
            assertThat(backbone.device()).isEqualTo(Device.cpu());
            return extractor.extract(photo);
        }
    }

    /** Why this machine's GPU cannot be used; these tests are about machines where it cannot. */
    private static String noUsableGpu() {
        Optional<String> reason = InferenceDevice.GpuProbe.cuda().unusable(0);
        assumeTrue(reason.isPresent(), "this machine has a usable GPU");
        return reason.get();
    }

    @Test
    void autoWithoutAGpuExtractsOnTheCpuAndSaysWhyAtInfo() throws Exception {
        String reason = noUsableGpu();
        float[] descriptor = descriptorOn(InferenceDevice.of("auto", 0));

        assertThat(descriptor).containsExactly(cpuDescriptor);
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage())
                    .startsWith("no usable GPU (" + reason + "); extracting on CPU device=auto");
        });
    }

    @Test
    void gpuWithoutAGpuExtractsOnTheCpuAndWarns() throws Exception {
        String reason = noUsableGpu();
        float[] descriptor = descriptorOn(InferenceDevice.of("GPU", 0));

        assertThat(descriptor).containsExactly(cpuDescriptor);
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage())
                    .startsWith("no usable GPU (" + reason + "); extracting on CPU device=gpu");
        });
    }

    @Test
    void aGpuThatPassesTheProbeButCannotOpenASessionFallsBackToTheCpu() throws Exception {
        noUsableGpu();
        InferenceDevice gpu = InferenceDevice.of("gpu", 0);
        InferenceDevice.GpuProbe looksUsable = gpuId -> Optional.empty();
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(SharedData.backboneOnnx())
                .optEngine("OnnxRuntime")
                .optTranslator(new NoopTranslator());

        try (ZooModel<NDList, NDList> model =
                gpu.load(on -> criteria.optDevice(on).build().loadModel(), looksUsable)) {
            assertThat(model.getNDManager().getDevice()).isEqualTo(Device.cpu());
        }
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage())
                    .startsWith("no usable GPU (CUDA session failed: ")
                    .contains("extracting on CPU device=gpu");
        });
    }

    @Test
    void theCpuBuildNamesTheMissingProviderAndTheFix() {
        assumeFalse(
                OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a GPU build is on the class path");
        assertThat(InferenceDevice.GpuProbe.cuda().unusable(0))
                .contains("this ONNX Runtime build has no CUDA execution provider; build with -Pgpu");
    }

    @Test
    void cpuLoadsWithoutProbingOrLogging() throws Exception {
        InferenceDevice.GpuProbe mustNotRun = gpuId -> {
            throw new AssertionError("probed the GPU for model.device=cpu");
        };
        Device loadedOn = InferenceDevice.cpu().load(on -> on, mustNotRun);
        assertThat(loadedOn).isEqualTo(Device.cpu());
        assertThat(logged.list).isEmpty();
    }

    @Test
    void unknownModesAreRejectedWithTheChoices() {
        assertThatThrownBy(() -> InferenceDevice.of("tpu", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu, gpu, auto");
        assertThatThrownBy(() -> InferenceDevice.of("gpu", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
