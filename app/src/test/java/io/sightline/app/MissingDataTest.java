package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command whose data is not there stops at once, exit code 1, saying where the data should be and what to do. */
class MissingDataTest {
    @TempDir
    Path tmp;

    @Test
    void trainingWithoutTheParisSubsetSaysWhereToPutItAndWhatRunsWithoutIt() {
        Path nowhere = tmp.resolve("paris6k_subset");
        CliRun run = CliRun.of(
                "train",
                "--train-on",
                "paris_defense",
                "--out",
                tmp.resolve("bundle").toString(),
                "-D",
                "data.paris=" + nowhere);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("sightline train: the Paris 6k subset (250 photos, 12 queries) is not at " + nowhere)
                .contains("SIGHTLINE_DATA_PARIS")
                .contains("'./sightline demo'");
    }

    @Test
    void aFolderGivenOnTheCommandLineThatIsNotThereIsNamed() {
        CliRun run =
                CliRun.of("demo", "--exit", "--images", tmp.resolve("photos").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("sightline demo: --images not found: " + tmp.resolve("photos"));
    }

    @Test
    void aMissingBackboneNamesTheSettingAndTheShippedModels() {
        CliRun run = CliRun.of("eval", "-D", "model.path=" + tmp.resolve("none.onnx"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("backbone model model.path (SIGHTLINE_MODEL_PATH) not found: " + tmp.resolve("none.onnx"))
                .contains("models/mobilenetv2-12-int8-features.onnx");
    }
}
