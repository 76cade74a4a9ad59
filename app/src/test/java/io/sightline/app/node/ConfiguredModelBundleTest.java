package io.sightline.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.bundle.ModelBundle;
import io.sightline.descriptor.Descriptor;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured model written as a bundle must describe real photos exactly as the configuration does: that is
 * what lets a training run that learned nothing hand it on with "serving it changes nothing".
 */
class ConfiguredModelBundleTest {

    @Test
    void theBundleDescribesRealPhotosAsTheConfigurationDoes(@TempDir Path dir) throws Exception {
        Path root = SharedData.locations().root();
        Map<String, String> model =
                Map.of(SightlineConfig.MODEL_PATH, SharedData.backboneOnnx().toString());
        SightlineConfig configured = SightlineConfig.load(Map.of(), Map.of(), model, root);
        ModelBundle bundle = ConfiguredModelBundle.of(configured, "configured-test", Map.of(), "nothing");
        bundle.write(dir);

        // The default scales (1, 1/sqrt 2, 1/2 of 512 px) and the default centring travel in the manifest.
        assertThat(ModelBundle.read(dir).manifest().scales()).containsExactly(512, 362, 256);
        assertThat(ModelBundle.read(dir).manifest().whitening().level()).isEqualTo("global");

        Map<String, String> withBundle = new java.util.HashMap<>(model);
        withBundle.put(SightlineConfig.MODEL_BUNDLE, dir.toString());
        SightlineConfig bundled = SightlineConfig.load(Map.of(), Map.of(), withBundle, root);
        List<Path> photos = SharedData.photos(3);
        try (ExtractionStack a = ExtractionStack.fromConfig(configured);
                ExtractionStack b = ExtractionStack.fromConfig(bundled)) {
            assertThat(b.extractor().dimension()).isEqualTo(a.extractor().dimension());
            for (Path photo : photos) {
                byte[] bytes = Files.readAllBytes(photo);
                Descriptor da = a.extractor()
                        .describe(a.decoder()
                                .decode(bytes, a.extractor().largestInputSide())
                                .image());
                Descriptor db = b.extractor()
                        .describe(b.decoder()
                                .decode(bytes, b.extractor().largestInputSide())
                                .image());
                assertThat(db.vector()).as(photo.toString()).containsExactly(da.vector());
                assertThat(db.local()).isPresent();
                assertThat(db.local().orElseThrow().size())
                        .isEqualTo(da.local().orElseThrow().size());
            }
        }
    }
}
