package io.sightline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collection trainer's candidate folder is the same for the same collection, so a pass started again after a
 * kill finds the training state the killed one left; other collections' leftovers go at the next pass.
 */
class CandidateFoldersTest {

    @Test
    void oneFolderPerCollectionAndLevelWhateverTheOrder(@TempDir Path root) {
        CandidateFolders folders = new CandidateFolders(root);
        Path a = folders.of(List.of("paris_eiffel_000266", "paris_defense_000056"), "HEAD");
        assertThat(a).isEqualTo(folders.of(List.of("paris_defense_000056", "paris_eiffel_000266"), "HEAD"));
        assertThat(a.getParent()).isEqualTo(root);
        assertThat(a.getFileName().toString()).startsWith("head-");
        assertThat(folders.of(List.of("paris_defense_000056"), "HEAD")).isNotEqualTo(a);
        assertThat(folders.of(List.of("paris_eiffel_000266", "paris_defense_000056"), "BACKBONE"))
                .isNotEqualTo(a);
    }

    @Test
    void leftoversOfOtherCollectionsGoAndAFinishedPassLeavesNothing(@TempDir Path root) throws IOException {
        CandidateFolders folders = new CandidateFolders(root);
        Path old = folders.of(List.of("a", "b"), "HEAD");
        Path current = folders.of(List.of("a", "b", "c"), "HEAD");
        for (Path candidate : List.of(old, current)) {
            Files.createDirectories(candidate);
            Path state = SelfSupervisedRun.workDir(candidate).resolve("checkpoints/training-state.bin");
            Files.createDirectories(state.getParent());
            Files.writeString(state, "x");
        }

        folders.removeAllBut(current);
        assertThat(names(root))
                .containsExactlyInAnyOrder(current.getFileName().toString(), current.getFileName() + ".mining");

        folders.remove(current);
        assertThat(names(root)).isEmpty();
    }

    private static List<String> names(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
