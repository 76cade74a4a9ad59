package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.cli.SightlineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The clean command's input errors (the cleaning itself is tested in the trainer module). */
class CleanCommandTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cli = SightlineCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aBadLabelsFileNamesEachBadLine(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.tsv");
        Files.writeString(labels, "a.jpg\tlouvre\nb.jpg louvre\n");
        StringWriter err = new StringWriter();

        assertThat(run(err, "clean", "--labels", labels.toString(), "--images", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("sightline clean: " + labels + ": 1 bad line")
                .contains("line 2: expected 'image<TAB>label'");
    }

    @Test
    void imagesMissingFromTheFolderAreListed(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.tsv");
        Files.writeString(labels, "a.jpg\tlouvre\nb\tlouvre\n");
        StringWriter err = new StringWriter();

        assertThat(run(err, "clean", "--labels", labels.toString(), "--images", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("2 image(s) not found in " + dir + ": a.jpg, b");
    }

    @Test
    void exactlyOneModeIsRequired() {
        StringWriter err = new StringWriter();

        assertThat(run(err, "clean")).isEqualTo(1);
        assertThat(err.toString())
                .contains("give exactly one of --labels FILE (with --images DIR), --from-topic, --noisy-eval");
    }
}
