package io.sightline.app.node.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.bundle.BundleDigest;
import io.sightline.bundle.BundleException;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names of a generation, what a node checks before building one, and the record of the one it serves. */
class GenerationSpecTest {
    @TempDir
    Path dir;

    @Test
    void slugIsALegalTopicNameAndTellsVersionsThatReduceAlikeApart() {
        String a = new GenerationSpec("rmac-features_17-s512+724-pcaw@ac70de7d", "file:///b", "x").slug();
        String b = new GenerationSpec("rmac-features_17-s512+724-pcaw/ac70de7d", "file:///b", "x").slug();
        assertThat(a).matches("[a-z0-9-]+").startsWith("rmac-features-17-s512-724-pcaw-ac70de7d-");
        assertThat(b).matches("[a-z0-9-]+").isNotEqualTo(a);
        assertThat(new GenerationSpec("x".repeat(300), "file:///b", "x").slug().length())
                .isLessThan(60);
    }

    @Test
    void onlyLocalBundlesAreLoaded() {
        assertThatThrownBy(() -> new GenerationSpec("v1", "https://example.org/b.zip", "x").bundlePath())
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("v1")
                .hasMessageContaining("file:");
        assertThat(new GenerationSpec("v1", dir.toUri().toString(), "x").bundlePath())
                .isEqualTo(dir);
    }

    @Test
    void aBundleChangedAfterPublicationOrOfAnotherVersionIsRefused() throws Exception {
        Path bundle = bundle("gem-v2");
        GenerationSpec published = new GenerationSpec("gem-v2", bundle.toUri().toString(), BundleDigest.sha256(bundle));
        assertThat(GenerationFactory.verify(published).version()).isEqualTo("gem-v2");

        GenerationSpec otherVersion = new GenerationSpec("gem-v3", published.bundleUri(), published.sha256());
        assertThatThrownBy(() -> GenerationFactory.verify(otherVersion))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("is version gem-v2");

        Files.writeString(bundle.resolve("manifest.json"), Files.readString(bundle.resolve("manifest.json")) + " ");
        assertThatThrownBy(() -> GenerationFactory.verify(published))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("gem-v2")
                .hasMessageContaining("models.published says " + published.sha256());
    }

    @Test
    void theServedGenerationSurvivesARestartAndAnUnreadableRecordIsIgnored() throws Exception {
        GenerationStore store = new GenerationStore(dir.resolve("work/generation.json"));
        assertThat(store.load()).isEmpty();
        GenerationSpec spec = new GenerationSpec("gem-v2", "file:///bundles/gem-v2", "ab12");
        store.save(spec);
        assertThat(new GenerationStore(dir.resolve("work/generation.json")).load())
                .contains(spec);

        Files.writeString(dir.resolve("work/generation.json"), "{not json");
        assertThat(store.load()).isEmpty();
    }

    /** A bundle whose backbone is a small stand-in file (verification checks its digest, not its contents). */
    private Path bundle(String version) throws Exception {
        Path backbone = Files.write(dir.resolve("backbone.onnx"), new byte[] {1, 2, 3, 4});
        BundleManifest manifest = new BundleManifest(
                BundleManifest.FORMAT,
                version,
                new BundleManifest.BackboneSpec(
                        backbone.toString(),
                        ModelBundle.sha256(backbone),
                        "OnnxRuntime",
                        List.of("features_17"),
                        List.of(0.485, 0.456, 0.406),
                        List.of(0.229, 0.224, 0.225)),
                List.of(384),
                "sum",
                new BundleManifest.HeadSpec("gem", Map.of("p", "3")),
                null,
                320,
                Map.of(),
                Map.of(),
                "unit test",
                "2026-11-23T00:00:00Z");
        Path out = dir.resolve("bundle-" + version);
        new ModelBundle(manifest, Map.of(), backbone).write(out);
        return out;
    }
}
