package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.bundle.ModelBundle;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.index.Quantizers;
import io.sightline.pooling.Vectors;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit} learns a PCA-whitened R-MAC bundle (and PQ / IVF-PQ codebooks) from real photos; the pipeline's
 * extractor then uses it.
 */
class FitCommandTest {
    @TempDir
    Path dir;

    @Test
    void fitWritesABundleThatThePipelineLoadsAndUses() throws Exception {
        List<Path> sample = SharedData.photos(12);
        Path bundleDir = fit(sample, "bundle", "--whiten", "pca", "--dim", "64");

        ModelBundle bundle = ModelBundle.read(bundleDir).verifyBackbone();
        assertThat(bundle.manifest().whitening().level()).isEqualTo("region");
        assertThat(bundle.manifest().whitening().outputDim()).isEqualTo(64);
        assertThat(bundle.manifest().learnedFrom()).contains("12 images");

        SightlineConfig config = SightlineConfig.load(
                Map.of(), Map.of(), Map.of(SightlineConfig.MODEL_BUNDLE, bundleDir.toString()), dir);
        try (ExtractionStack stack = ExtractionStack.fromConfig(config)) {
            assertThat(stack.extractor().modelVersion()).isEqualTo(bundle.version());
            assertThat(stack.extractor().dimension())
                    .isEqualTo(bundle.manifest().dimension());
            float[] a = stack.extractor()
                    .extract(new ImageDecoder(ImageLimits.defaults()).decode(Files.readAllBytes(sample.get(0))));
            assertThat(Math.sqrt(Vectors.dot(a, a))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void fitWithCodebooksWritesQuantizersThatThePipelineEncodesWith() throws Exception {
        // 64 photos and 3 views of each: the 256 vectors a codebook of 256 centroids needs at least.
        List<Path> sample = SharedData.photos(64);
        Path bundleDir = fit(
                sample, "bundle-pq", "--scales", "128", "--pq-m", "16", "--opq", "--ivf-nlist", "4", "--ivf-m", "8");

        ModelBundle bundle = ModelBundle.read(bundleDir).verifyBackbone();
        Quantizers quantizers = bundle.quantizers().orElseThrow();
        assertThat(quantizers.pq().subQuantizers()).isEqualTo(16);
        assertThat(quantizers.ivfPq().coarse().cells()).isEqualTo(4);
        assertThat(quantizers.ivfPq().residual().subQuantizers()).isEqualTo(8);
        assertThat(quantizers.pq().rotation()).as("--opq learns a rotation").isNotNull();
        assertThat(bundle.version()).contains("opq16-ivf4x8-" + BundleQuantizers.fingerprint(quantizers));
        assertThat(bundle.manifest().learnedFrom()).contains("256 descriptors");

        SightlineConfig config = SightlineConfig.load(
                Map.of(), Map.of(), Map.of(SightlineConfig.MODEL_BUNDLE, bundleDir.toString()), dir);
        try (ExtractionStack stack = ExtractionStack.fromConfig(config)) {
            assertThat(stack.quantizers().pq().codebooks())
                    .containsExactly(quantizers.pq().codebooks());
            assertThat(stack.quantizers().pq().rotation())
                    .containsExactly(quantizers.pq().rotation());
            float[] a = stack.extractor()
                    .extract(new ImageDecoder(ImageLimits.defaults()).decode(Files.readAllBytes(sample.get(0))));
            // Codes learned on the collection reconstruct its descriptors well (random codebooks would not).
            float[] decoded = quantizers.pq().decode(quantizers.pq().encode(a));
            assertThat(Vectors.dot(a, decoded)).isGreaterThan(0.8);
        }
    }

    /** Runs {@code fit} (at 256 px unless the options say) on copies of {@code sample}; returns the bundle directory. */
    private Path fit(List<Path> sample, String name, String... options) throws Exception {
        Path photos = Files.createDirectories(dir.resolve(name + "-photos"));
        for (Path p : sample) {
            Files.copy(p, photos.resolve(p.getFileName()));
        }
        Path bundleDir = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of(
                "fit",
                "--images",
                photos.toString(),
                "--out",
                bundleDir.toString(),
                "-D",
                "model.path=" + SharedData.backboneOnnx()));
        args.addAll(List.of(options));
        if (!args.contains("--scales")) {
            args.addAll(List.of("--scales", "256"));
        }
        CliRun.of(args.toArray(String[]::new)).succeeded();
        return bundleDir;
    }
}
