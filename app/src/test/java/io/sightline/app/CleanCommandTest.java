package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clean command's input errors (the cleaning itself is tested in the trainer module). */
class CleanCommandTest {

    @Test
    void aBadLabelsFileNamesEachBadLine(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.tsv");
        Files.writeString(labels, "a.jpg\tlouvre\nb.jpg louvre\n");
        CliRun run = CliRun.of("clean", "--labels", labels.toString(), "--images", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("sightline clean: " + labels + ": 1 bad line")
                .contains("line 2: expected 'image<TAB>label'");
    }

    @Test
    void imagesMissingFromTheFolderAreListed(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.tsv");
        Files.writeString(labels, "a.jpg\tlouvre\nb\tlouvre\n");
        CliRun run = CliRun.of("clean", "--labels", labels.toString(), "--images", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("2 image(s) not found in " + dir + ": a.jpg, b");
    }

    @Test
    void exactlyOneModeIsRequired() {
        CliRun run = CliRun.of("clean");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("give exactly one of --labels FILE (with --images DIR), --from-topic, --noisy-eval");
    }
}
