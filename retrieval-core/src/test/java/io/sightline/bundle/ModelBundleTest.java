package io.sightline.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path dir;

    private static BundleManifest manifest(Path backbone, String sha256) {
        return new BundleManifest(
                BundleManifest.FORMAT,
                "rmac-test-1",
                new BundleManifest.BackboneSpec(
                        backbone.toString(),
                        sha256,
                        "OnnxRuntime",
                        List.of("features_17"),
                        List.of(0.485, 0.456, 0.406),
                        List.of(0.229, 0.224, 0.225)),
                List.of(512, 724),
                "sum",
                new BundleManifest.HeadSpec("rmac", Map.of("levels", "3")),
                new BundleManifest.WhiteningSpec("pca", "region", 4, 3, 0.5, "whitening.mean", "whitening.projection"),
                3,
                Map.of(
                        "whitening.mean",
                        new BundleManifest.ArraySpec("whitening-mean.f32", List.of(4)),
                        "whitening.projection",
                        new BundleManifest.ArraySpec("whitening-projection.f32", List.of(3, 4))),
                Map.of("paris6k_subset.mAP", 0.91),
                "unit test",
                "2026-11-23T00:00:00Z");
    }

    private static Map<String, float[]> arrays() {
        Random random = new Random(5);
        float[] projection = new float[12];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = (float) random.nextGaussian();
        }
        return Map.of(
                "whitening.mean", new float[] {0.1f, -2f, 3.5f, Float.MIN_VALUE}, "whitening.projection", projection);
    }

    @Test
    void directoryAndZipRoundTripKeepManifestAndArraysBitExact() {
        Path backbone = SharedData.backboneOnnx();
        ModelBundle bundle = new ModelBundle(manifest(backbone, ModelBundle.sha256(backbone)), arrays(), backbone);
        Path out = dir.resolve("bundle");
        bundle.write(out);
        assertThat(out.resolve("manifest.json")).exists();

        ModelBundle read = ModelBundle.read(out);
        assertThat(read.manifest()).isEqualTo(bundle.manifest());
        for (String name : arrays().keySet()) {
            assertThat(read.array(name)).containsExactly(arrays().get(name));
        }
        assertThat(read.verifyBackbone().backboneFile()).isEqualTo(backbone.normalize());

        Path zip = dir.resolve("bundle.zip");
        ModelBundle.zip(out, zip);
        ModelBundle fromZip = ModelBundle.read(zip);
        assertThat(fromZip.manifest()).isEqualTo(bundle.manifest());
        assertThat(fromZip.array("whitening.projection")).containsExactly(arrays().get("whitening.projection"));
    }

    @Test
    void theShippedBackboneChecksumIsTheOneInTheModelsReadme() {
        assertThat(ModelBundle.sha256(SharedData.backboneOnnx()))
                .isEqualTo("ac70de7d6bc5003b3001e4c3c8b0272ca6b6ddba934f8eac7bfd0ee5f1c6f8d4");
    }

    @Test
    void aBackboneThatIsNotTheOneTheBundleWasLearnedWithIsRefused() {
        Path backbone = SharedData.backboneOnnx();
        ModelBundle bundle = new ModelBundle(manifest(backbone, "00".repeat(32)), arrays(), backbone);
        assertThatThrownBy(bundle::verifyBackbone)
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("sha256")
                .hasMessageContaining("rmac-test-1");
    }

    @Test
    void arraysMustMatchTheirDeclaredShape() throws Exception {
        Path backbone = SharedData.backboneOnnx();
        Map<String, float[]> wrong = Map.of("whitening.mean", new float[3], "whitening.projection", new float[12]);
        assertThatThrownBy(() -> new ModelBundle(manifest(backbone, "x"), wrong, backbone))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("whitening.mean")
                .hasMessageContaining("[4]");

        Path out = dir.resolve("b");
        new ModelBundle(manifest(backbone, "x"), arrays(), backbone).write(out);
        Files.write(out.resolve("whitening-mean.f32"), new byte[7]);
        assertThatThrownBy(() -> ModelBundle.read(out)).isInstanceOf(BundleException.class);
    }

    @Test
    void relativeBackbonePathsResolveAgainstTheBundleDirectory() throws Exception {
        Path out = dir.resolve("rel");
        Files.createDirectories(out);
        Files.copy(SharedData.backboneOnnx(), out.resolve("backbone.onnx"));
        Path relative = Path.of("backbone.onnx");
        new ModelBundle(manifest(relative, ModelBundle.sha256(out.resolve("backbone.onnx"))), arrays(), relative)
                .write(out);
        assertThat(ModelBundle.read(out).verifyBackbone().backboneFile()).isEqualTo(out.resolve("backbone.onnx"));
    }

    @Test
    void calibratedMatchThresholdsRoundTripThroughDirectoryAndZip() throws Exception {
        Path backbone = SharedData.backboneOnnx();
        BundleManifest.MatchThresholdsSpec thresholds =
                new BundleManifest.MatchThresholdsSpec(0.981, 0.955, 0.93, "10 photos, 700 pairs");
        ModelBundle bundle = new ModelBundle(
                manifest(backbone, ModelBundle.sha256(backbone)).withMatchThresholds(thresholds), arrays(), backbone);
        Path out = dir.resolve("calibrated");
        bundle.write(out);

        assertThat(ModelBundle.read(out).manifest().calibratedMatchThresholds()).contains(thresholds);
        Path zip = dir.resolve("calibrated.zip");
        ModelBundle.zip(out, zip);
        assertThat(ModelBundle.read(zip).manifest()).isEqualTo(bundle.manifest());
        JsonNode json = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(json.at("/matchThresholds/nearDuplicate").asDouble()).isEqualTo(0.955);
        assertThat(json.at("/matchThresholds/calibratedOn").asText()).isEqualTo("10 photos, 700 pairs");
    }

    @Test
    void thresholdsWithoutSamePlaceLeaveItOutAndReadBackWithoutIt() throws Exception {
        Path backbone = SharedData.backboneOnnx();
        BundleManifest.MatchThresholdsSpec copiesOnly =
                new BundleManifest.MatchThresholdsSpec(0.981, 0.955, null, "no ground truth");
        Path out = dir.resolve("copies-only");
        new ModelBundle(manifest(backbone, "x").withMatchThresholds(copiesOnly), arrays(), backbone).write(out);

        JsonNode json = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(json.get("matchThresholds").has("samePlace")).isFalse();
        BundleManifest.MatchThresholdsSpec read =
                ModelBundle.read(out).manifest().matchThresholds();
        assertThat(read).isEqualTo(copiesOnly);
        assertThat(read.samePlaceIfCalibrated()).isEmpty();
    }

    @Test
    void aBundleWithoutThresholdsWritesNoThresholdsSection() throws Exception {
        Path backbone = SharedData.backboneOnnx();
        Path out = dir.resolve("plain");
        new ModelBundle(manifest(backbone, "x"), arrays(), backbone).write(out);

        JsonNode json = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(json.has("matchThresholds")).isFalse();
        assertThat(ModelBundle.read(out).manifest().calibratedMatchThresholds()).isEmpty();
    }

    /**
     * A manifest.json exactly as {@code ./sightline fit --gt} wrote it before bundles carried match thresholds
     * (commit 592e795: {@code fit --images data/paris-sample/images --gt data/paris-sample/gt --scales 256}): it
     * still reads, has no thresholds, and writes back with the same fields and values.
     */
    @Test
    void aManifestWrittenBeforeThresholdsExistedStillReads() throws Exception {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        try (var in = getClass().getResourceAsStream("before-match-thresholds/manifest.json")) {
            assertThat(in).as("test resource").isNotNull();
            Files.copy(in, old.resolve("manifest.json"));
        }

        ModelBundle read = ModelBundle.read(old);
        assertThat(read.version()).isEqualTo("rmac-features_17-s256@ac70de7d");
        assertThat(read.manifest().figures()).containsKey("mAP");
        assertThat(read.manifest().matchThresholds()).isNull();
        assertThat(read.manifest().calibratedMatchThresholds()).isEmpty();

        Path rewritten = dir.resolve("rewritten");
        read.write(rewritten);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(rewritten.resolve("manifest.json").toFile()))
                .isEqualTo(json.readTree(old.resolve("manifest.json").toFile()));
    }

    @Test
    void thresholdsOutOfOrderAreRefused() {
        assertThatThrownBy(() -> new BundleManifest.MatchThresholdsSpec(0.9, 0.95, null, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate >= near-duplicate");
        assertThatThrownBy(() -> new BundleManifest.MatchThresholdsSpec(0.98, 0.95, 0.96, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("near-duplicate >= same-place");
        assertThatThrownBy(() -> new BundleManifest.MatchThresholdsSpec(Double.POSITIVE_INFINITY, 0.95, null, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }
}
