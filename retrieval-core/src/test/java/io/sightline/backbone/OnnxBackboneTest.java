package io.sightline.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxBackboneTest {

    private static OnnxBackbone backbone;

    @BeforeAll
    static void load() {
        backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_13", "features_17", "features_18"), 2);
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    @Test
    void returnsTheDocumentedShapesAt512x384() throws Exception {
        Map<String, FeatureMap> maps = backbone.extract(new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB));
        assertThat(maps.get("features_17"))
                .extracting(FeatureMap::channels, FeatureMap::height, FeatureMap::width)
                .containsExactly(320, 12, 16);
        assertThat(maps.get("features_13"))
                .extracting(FeatureMap::channels, FeatureMap::height, FeatureMap::width)
                .containsExactly(96, 24, 32);
        assertThat(maps.get("features_18"))
                .extracting(FeatureMap::channels, FeatureMap::height, FeatureMap::width)
                .containsExactly(1280, 12, 16);
    }

    @Test
    void oddSizesRoundUpAsDocumented() throws Exception {
        FeatureMap m = backbone.extract(new BufferedImage(501, 333, BufferedImage.TYPE_INT_RGB))
                .get("features_17");
        assertThat(m.height()).isEqualTo(11);
        assertThat(m.width()).isEqualTo(16);
    }

    @Test
    void idIsFileNameAndChecksumPrefix() {
        assertThat(backbone.id()).isEqualTo("mobilenetv2-12-int8-features.onnx@ac70de7d");
    }

    @Test
    void concurrentCallsGiveTheSameResultAsSequentialOnes() throws Exception {
        BufferedImage img =
                ImageIO.read(SharedData.parisImage("paris_eiffel_000266").toFile());
        BufferedImage small = new BufferedImage(256, 192, BufferedImage.TYPE_INT_RGB);
        small.createGraphics().drawImage(img, 0, 0, 256, 192, null);
        float[] expected = backbone.extract(small).get("features_17").data();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(
                        () -> backbone.extract(small).get("features_17").data()));
            }
            for (Future<float[]> f : futures) {
                assertThat(f.get()).containsExactly(expected);
            }
        }
    }

    @Test
    void unknownLayerFailsWithTheAvailableOutputs() {
        try (OnnxBackbone wrong = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_99"), 1)) {
            assertThatThrownBy(() -> wrong.extract(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB)))
                    .isInstanceOf(ExtractionException.class)
                    .hasMessageContaining("features_99")
                    .hasMessageContaining("features_17");
        }
    }

    @Test
    void missingModelFileIsReportedWithItsPath() {
        assertThatThrownBy(() -> new OnnxBackbone(Path.of("/nonexistent/model.onnx"), List.of("features_17"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/model.onnx");
    }
}
