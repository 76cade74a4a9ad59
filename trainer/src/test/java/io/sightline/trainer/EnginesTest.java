package io.sightline.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The trainer needs both engines in one JVM: ONNX Runtime for the frozen backbone, PyTorch for autograd. */
class EnginesTest {
    @Test
    void pytorchAndOnnxRuntimeLoadSideBySideOffline() {
        assertThat(Engine.getAllEngines()).contains("PyTorch", "OnnxRuntime");
        Engine pytorch = Engine.getEngine("PyTorch");
        try (NDManager manager = pytorch.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3}).mul(2);
            assertThat(x.toFloatArray()).containsExactly(2f, 4f, 6f);
        }
        assertThat(Engine.getEngine("OnnxRuntime").getVersion()).isNotBlank();
    }
}
