package io.sightline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.descriptor.Descriptor;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming a self-supervised run after a kill while it describes the collection, on four real Paris photos with the
 * real ONNX backbone. A kill leaves whole entries for the photos already described and at most a partial temporary
 * file: the test builds exactly that state (one entry deleted, one torn file left beside it) and checks that the
 * rerun reads back the others, describes only what is missing, and gives the same descriptions bit for bit. Entries
 * are keyed by content: a photo whose bytes changed is described again, and the same bytes under another file (the
 * trainer service copies its collection afresh each run) are read back.
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
        Path work = tmp.resolve("described");

        SelfSupervisedRun.Described first = SelfSupervisedRun.describe(config, images, names, work);
        assertThat(first.reused()).isZero();

        // The state a kill leaves: the second photo's entry never moved into place, a torn temporary file beside it.
        Path entries;
        try (var dirs = Files.list(work)) {
            entries = dirs.findFirst().orElseThrow();
        }
        String second = DescriptionCache.key(Files.readAllBytes(images.resolve(names.get(1) + ".jpg")));
        Files.delete(entries.resolve(second + ".bin"));
        Path torn = Files.write(entries.resolve(second + "123.part"), new byte[] {1, 2, 3});
        // An older torn file from a run killed long ago; the fresh one may be another run's write in progress.
        Path old = Files.write(entries.resolve(second + "456.part"), new byte[] {4, 5, 6});
        Files.setLastModifiedTime(
                old,
                FileTime.from(Instant.now().minus(SelfSupervisedRun.TORN_AGE).minusSeconds(60)));
        SelfSupervisedRun.Described resumed = SelfSupervisedRun.describe(config, images, names, work);
        assertThat(resumed.reused()).isEqualTo(3);
        assertThat(old).doesNotExist();
        assertThat(torn).exists();
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

        // Copied afresh (new files, new times), every photo is read back; one whose bytes changed is described again.
        Path copied = Files.createDirectories(tmp.resolve("copied"));
        for (String name : names) {
            Files.copy(images.resolve(name + ".jpg"), copied.resolve(name + ".jpg"));
        }
        assertThat(SelfSupervisedRun.describe(config, copied, names, work).reused())
                .isEqualTo(4);
        byte[] changed = Files.readAllBytes(copied.resolve(names.get(2) + ".jpg"));
        changed[changed.length - 3] ^= 1; // inside the entropy-coded data: still a JPEG, other bytes
        Files.write(copied.resolve(names.get(2) + ".jpg"), changed);
        assertThat(SelfSupervisedRun.describe(config, copied, names, work).reused())
                .isEqualTo(3);
    }
}
