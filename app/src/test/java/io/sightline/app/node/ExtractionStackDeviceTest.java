package io.sightline.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.sightline.app.config.SightlineConfig;
import io.sightline.backbone.DjlBackbone;
import io.sightline.testing.SharedData;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** model.device reaches the backbone: a worker configured for a GPU starts on a machine without one. */
class ExtractionStackDeviceTest {

    private static SightlineConfig config(String device) {
        return SightlineConfig.load(
                Map.of(),
                Map.of("SIGHTLINE_MODEL_DEVICE", device),
                Map.of(
                        SightlineConfig.MODEL_PATH,
                        SharedData.backboneOnnx().toString(),
                        SightlineConfig.MODEL_SESSIONS,
                        "1"),
                Path.of("."));
    }

    @Test
    void aGpuWorkerStartsOnTheCpuWhenNoGpuIsUsable() {
        try (ExtractionStack stack = ExtractionStack.fromConfig(config("gpu"))) {
            Device device = ((DjlBackbone) stack.backbone()).device();
            assertThat(device).isIn(Device.cpu(), Device.gpu(0));
            assertThat(stack.extractor().dimension()).isEqualTo(320);
        }
    }

    @Test
    void unknownDevicesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> config("tpu"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.device");
    }

    @Test
    void ortOptionsAddToTheIntraOpThreadsAndMalformedOnesNameTheKey() {
        SightlineConfig ok = SightlineConfig.load(
                Map.of(),
                Map.of(),
                Map.of(SightlineConfig.MODEL_ORT_OPTIONS, "optLevel=ALL_OPT, interOpNumThreads=1"),
                Path.of("."));
        assertThat(ExtractionStack.ortOptions(ok, 1))
                .containsEntry("intraOpNumThreads", "1")
                .containsEntry("optLevel", "ALL_OPT")
                .containsEntry("interOpNumThreads", "1")
                .hasSize(3);
        SightlineConfig bad = SightlineConfig.load(
                Map.of(), Map.of(), Map.of(SightlineConfig.MODEL_ORT_OPTIONS, "optLevel"), Path.of("."));
        assertThatThrownBy(() -> ExtractionStack.ortOptions(bad, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.ort.options");
    }
}
