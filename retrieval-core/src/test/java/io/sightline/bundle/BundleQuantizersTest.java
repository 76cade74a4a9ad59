package io.sightline.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.index.EncodedVector;
import io.sightline.index.Quantizers;
import io.sightline.pq.KMeansParams;
import io.sightline.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleQuantizersTest {
    private static final int DIM = 16;

    @TempDir
    Path dir;

    private static ModelBundle plainBundle() {
        Path backbone = SharedData.backboneOnnx();
        BundleManifest manifest = new BundleManifest(
                BundleManifest.FORMAT,
                "plain",
                new BundleManifest.BackboneSpec(
                        backbone.toString(),
                        "unchecked",
                        BundleModel.ONNX_RUNTIME,
                        List.of("features_17"),
                        BundleModel.IMAGENET_MEAN,
                        BundleModel.IMAGENET_STD),
                List.of(512),
                "sum",
                new BundleManifest.HeadSpec("rmac", Map.of()),
                null,
                DIM,
                Map.of(),
                Map.of(),
                "unit test",
                "2026-11-23T00:00:00Z");
        return new ModelBundle(manifest, Map.of(), backbone);
    }

    private static List<float[]> vectors(long seed, int n) {
        Random random = new Random(seed);
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[DIM];
            for (int t = 0; t < DIM; t++) {
                v[t] = (float) random.nextGaussian();
            }
            out.add(v);
        }
        return out;
    }

    private static Quantizers train(long seed) {
        return BundleQuantizers.train(vectors(seed, 300), 4, 4, 2, new KMeansParams(5, 1, 7, 1, 256));
    }

    @Test
    void codebooksSurviveWritingAndReadingAndEncodeAsBefore() {
        Quantizers trained = train(1);
        ModelBundle bundle = BundleQuantizers.with(plainBundle(), trained, "with-codes");
        Path out = dir.resolve("b");
        bundle.write(out);

        Quantizers read = ModelBundle.read(out).quantizers().orElseThrow();
        assertThat(read.pq().subQuantizers()).isEqualTo(4);
        assertThat(read.ivfPq().coarse().cells()).isEqualTo(4);
        assertThat(read.ivfPq().residual().subQuantizers()).isEqualTo(2);
        assertThat(read.pq().codebooks()).containsExactly(trained.pq().codebooks());
        assertThat(read.ivfPq().coarse().centroids())
                .containsExactly(trained.ivfPq().coarse().centroids());
        for (float[] v : vectors(9, 20)) {
            EncodedVector a = trained.encode(v);
            EncodedVector b = read.encode(v);
            assertThat(b.pqCode()).containsExactly(a.pqCode());
            assertThat(b.cell()).isEqualTo(a.cell());
            assertThat(b.ivfCode()).containsExactly(a.ivfCode());
            assertThat(read.fits(a)).isTrue();
        }
        assertThat(ModelBundle.read(out).version()).isEqualTo("with-codes");
    }

    @Test
    void anOpqRotationSurvivesTheBundleAndItsShapeIsKept() {
        Quantizers trained = new CodebookShape(4, true, 0, 1).learn(vectors(3, 300), 7);
        assertThat(trained.pq().rotation()).isNotNull();
        Path out = dir.resolve("opq");
        BundleQuantizers.with(plainBundle(), trained, "with-opq").write(out);

        ModelBundle read = ModelBundle.read(out);
        Quantizers quantizers = read.quantizers().orElseThrow();
        assertThat(quantizers.pq().rotation()).containsExactly(trained.pq().rotation());
        assertThat(CodebookShape.of(read)).contains(new CodebookShape(4, true, 0, 1));
        assertThat(CodebookShape.of(read).orElseThrow().name()).isEqualTo("opq4");
        for (float[] v : vectors(9, 20)) {
            assertThat(quantizers.encode(v).pqCode())
                    .containsExactly(trained.encode(v).pqCode());
        }
        assertThat(BundleQuantizers.fingerprint(quantizers))
                .isNotEqualTo(BundleQuantizers.fingerprint(new Quantizers(
                        new io.sightline.pq.ProductQuantizer(
                                DIM, 4, trained.pq().codebooks()),
                        null)));
    }

    @Test
    void aBundleWithoutCodebooksHasNoQuantizers() {
        Path out = dir.resolve("plain");
        plainBundle().write(out);
        assertThat(ModelBundle.read(out).quantizers()).isEmpty();
    }

    @Test
    void theDigestAndTheFingerprintChangeWithTheCodebooks() {
        Quantizers first = train(1);
        Quantizers second = train(2);
        BundleQuantizers.with(plainBundle(), first, "v").write(dir.resolve("a"));
        BundleQuantizers.with(plainBundle(), train(1), "v").write(dir.resolve("a-again"));
        BundleQuantizers.with(plainBundle(), second, "v").write(dir.resolve("b"));

        assertThat(BundleDigest.sha256(dir.resolve("a-again")))
                .as("same data, same seed: same bundle")
                .isEqualTo(BundleDigest.sha256(dir.resolve("a")));
        assertThat(BundleDigest.sha256(dir.resolve("b"))).isNotEqualTo(BundleDigest.sha256(dir.resolve("a")));
        assertThat(BundleQuantizers.fingerprint(second)).isNotEqualTo(BundleQuantizers.fingerprint(first));
    }

    @Test
    void aCodebookOfTheWrongShapeIsRefusedWithTheBundleName() {
        ModelBundle good = BundleQuantizers.with(plainBundle(), train(1), "shapes");
        BundleManifest m = good.manifest();
        Map<String, BundleManifest.ArraySpec> specs = new HashMap<>(m.arrays());
        specs.put(BundleQuantizers.PQ_CODEBOOKS, new BundleManifest.ArraySpec("pq-codebooks.f32", List.of(2, 256, 4)));
        Map<String, float[]> values = new HashMap<>();
        specs.keySet()
                .forEach(n -> values.put(
                        n, n.equals(BundleQuantizers.PQ_CODEBOOKS) ? new float[2 * 256 * 4] : good.array(n)));
        ModelBundle bad = new ModelBundle(
                new BundleManifest(
                        m.format(),
                        m.version(),
                        m.backbone(),
                        m.scales(),
                        m.scaleAggregation(),
                        m.head(),
                        m.whitening(),
                        m.dimension(),
                        specs,
                        m.figures(),
                        m.learnedFrom(),
                        m.createdAt()),
                values,
                good.backboneFile());
        assertThatThrownBy(bad::quantizers)
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("shapes")
                .hasMessageContaining(BundleQuantizers.PQ_CODEBOOKS);
    }
}
