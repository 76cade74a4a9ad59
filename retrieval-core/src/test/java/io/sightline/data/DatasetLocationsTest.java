package io.sightline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocationsTest {
    @TempDir
    Path tmp;

    @Test
    void theModelsAndTheSampleShipWithTheRepository() {
        DatasetLocations repo = SharedData.locations();
        assertThat(repo.backboneOnnx()).isRegularFile();
        assertThat(repo.backboneTorchScript()).isRegularFile();
        assertThat(repo.sample().present()).isTrue();
        assertThat(repo.sample().groundTruth().resolve("louvre_1_query.txt")).isRegularFile();
    }

    @Test
    void theParisSubsetIsBesideTheRepositoryUnlessConfigured() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        assertThat(DatasetLocations.of(root, "").paris().dir())
                .isEqualTo(tmp.resolve("shared/data/paris6k_subset").toAbsolutePath());
        assertThat(DatasetLocations.of(root, "/data/paris").paris().dir()).isEqualTo(Path.of("/data/paris"));
        assertThat(DatasetLocations.of(root, "elsewhere").paris().dir())
                .isEqualTo(root.resolve("elsewhere").toAbsolutePath());
    }

    @Test
    void withoutTheSubsetTheSampleStandsInAndCommandsThatNeedItSayWhatToDo() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(root.resolve(DatasetLocations.SAMPLE).resolve("images"));
        Files.write(root.resolve(DatasetLocations.SAMPLE).resolve("images/a.jpg"), new byte[] {1});
        DatasetLocations locations = DatasetLocations.of(root, "");

        assertThat(locations.parisOrSample()).isEqualTo(locations.sample());
        assertThatThrownBy(() -> locations.requirePresent(locations.paris()))
                .isInstanceOf(DatasetLocations.MissingDataException.class)
                .hasMessageContaining(
                        "is not at " + tmp.resolve("shared/data/paris6k_subset").toAbsolutePath())
                .hasMessageContaining("SIGHTLINE_DATA_PARIS")
                .hasMessageContaining("./sightline demo");

        Files.createDirectories(tmp.resolve("shared/data/paris6k_subset/images"));
        Files.write(tmp.resolve("shared/data/paris6k_subset/images/b.jpg"), new byte[] {1});
        assertThat(locations.parisOrSample()).isEqualTo(locations.paris());
    }

    @Test
    void aMissingFolderOrFileIsNamed() {
        assertThatThrownBy(() -> DatasetLocations.requireFolder(tmp.resolve("nope"), "--images"))
                .hasMessageContaining("--images not found: " + tmp.resolve("nope"));
        assertThatThrownBy(() -> DatasetLocations.requireFile(tmp.resolve("m.onnx"), "model.path"))
                .hasMessageContaining("model.path not found")
                .hasMessageContaining(DatasetLocations.BACKBONE_ONNX);
    }
}
