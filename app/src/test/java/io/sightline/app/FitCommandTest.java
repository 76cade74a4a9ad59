package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.cli.SightlineCommand;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.bundle.ModelBundle;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.Vectors;
import io.sightline.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fit} learns a PCA-whitened R-MAC bundle from real photos; the pipeline's extractor then uses it. */
class FitCommandTest {
    @TempDir
    Path dir;

    @Test
    void fitWritesABundleThatThePipelineLoadsAndUses() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        List<Path> sample = SharedData.photos(12);
        for (Path p : sample) {
            Files.copy(p, photos.resolve(p.getFileName()));
        }
        Path bundleDir = dir.resolve("bundle");
        StringWriter out = new StringWriter();
        CommandLine cli = SightlineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("fit", "--images", photos.toString(), "--out", bundleDir.toString(), "--whiten", "pca",
                "--dim", "64", "--scales", "256", "-D", "model.path=" + SharedData.backboneOnnx());
        assertThat(code).as(out.toString()).isZero();

        ModelBundle bundle = ModelBundle.read(bundleDir).verifyBackbone();
        assertThat(bundle.manifest().whitening().level()).isEqualTo("region");
        assertThat(bundle.manifest().whitening().outputDim()).isEqualTo(64);
        assertThat(bundle.manifest().learnedFrom()).contains("12 images");

        SightlineConfig config = SightlineConfig.load(Map.of(), Map.of(),
                Map.of(SightlineConfig.MODEL_BUNDLE, bundleDir.toString()), dir);
        try (ExtractionStack stack = ExtractionStack.fromConfig(config)) {
            assertThat(stack.extractor().modelVersion()).isEqualTo(bundle.version());
            assertThat(stack.extractor().dimension()).isEqualTo(bundle.manifest().dimension());
            float[] a = stack.extractor().extract(new ImageDecoder(ImageLimits.defaults()).decode(Files.readAllBytes(sample.get(0))));
            assertThat(Math.sqrt(Vectors.dot(a, a))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}
