package io.sightline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.descriptor.Descriptor;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming a self-supervised run after a kill while it describes the collection, on four real Paris photos with the
 * real ONNX backbone. A kill leaves whole entries for the photos already described and at most a partial temporary
 * file: the test builds exactly that state (one entry deleted, one torn file left beside it) and checks that the
 * rerun reads back the others, describes only what is missing, and gives the same descriptions bit for bit. A photo
 * changed since is described again.
 */
class DescriptionCacheTest {

    @Test
    void aRunResumesFromTheDescriptionsAnEarlierRunStored(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        List<String> names = SharedData.photos(4).stream()
                .map(p -> {
                    String file = p.getFileName().toString();
                    try {
                        Files.copy(p, images.resolve(file));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return file.substring(0, file.length() - 4);
                })
                .sorted()
                .toList();
        SightlineConfig config = SightlineConfig.load(
                Map.of(),
                Map.of(),
                Map.of(SightlineConfig.MODEL_PATH, SharedData.backboneOnnx().toString()),
                SharedData.locations().root());
        Path work = tmp.resolve("out.mining");

        SelfSupervisedRun.Described first = SelfSupervisedRun.describe(config, images, names, work);
        assertThat(first.reused()).isZero();

        // The state a kill leaves: the second photo's entry never moved into place, a torn temporary file beside it.
        Path entries;
        try (var dirs = Files.list(work.resolve("described"))) {
            entries = dirs.findFirst().orElseThrow();
        }
        Files.delete(entries.resolve(names.get(1) + ".bin"));
        Files.write(entries.resolve(names.get(1) + ".bin.part"), new byte[] {1, 2, 3});
        SelfSupervisedRun.Described resumed = SelfSupervisedRun.describe(config, images, names, work);
        assertThat(resumed.reused()).isEqualTo(3);
        for (String name : names) {
            Descriptor a = first.byName().get(name);
            Descriptor b = resumed.byName().get(name);
            assertThat(b.vector()).as(name).containsExactly(a.vector());
            assertThat(b.width()).isEqualTo(a.width());
            assertThat(b.height()).isEqualTo(a.height());
            assertThat(b.local().orElseThrow().toBytes())
                    .as(name)
                    .isEqualTo(a.local().orElseThrow().toBytes());
        }

        // A photo replaced since (another modification time) is not read back; all four are now stored again.
        Files.setLastModifiedTime(images.resolve(names.get(2) + ".jpg"), FileTime.fromMillis(0));
        assertThat(SelfSupervisedRun.describe(config, images, names, work).reused())
                .isEqualTo(3);
        assertThat(SelfSupervisedRun.describe(config, images, names, work).reused())
                .isEqualTo(4);
    }
}
