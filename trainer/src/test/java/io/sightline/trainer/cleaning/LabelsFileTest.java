package io.sightline.trainer.cleaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsFileTest {

    @Test
    void readsImageTabLabelLinesSkippingBlanksAndComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labels.tsv");
        Files.writeString(
                file, "# image\tlabel\n\nparis_louvre_000081\tlouvre\n  paris_eiffel_000266.jpg \t eiffel \n");

        assertThat(LabelsFile.read(file))
                .containsExactly(
                        new LabelledItem("paris_louvre_000081", "louvre"),
                        new LabelledItem("paris_eiffel_000266.jpg", "eiffel"));
    }

    @Test
    void reportsEveryBadLineWithItsNumber() {
        List<String> lines = List.of(
                "a.jpg\tlouvre", "b.jpg louvre", "c.jpg\tlouvre\textra", "\teiffel", "d.jpg\t", "a.jpg\teiffel");

        assertThatThrownBy(() -> LabelsFile.parse("labels.tsv", lines))
                .isInstanceOf(LabelsFileException.class)
                .hasMessageContaining("labels.tsv: 5 bad lines")
                .hasMessageContaining("line 2: expected 'image<TAB>label', found 1 tab-separated field: 'b.jpg louvre'")
                .hasMessageContaining("line 3: expected 'image<TAB>label', found 3 tab-separated fields")
                .hasMessageContaining("line 4: empty image")
                .hasMessageContaining("line 5: empty label")
                .hasMessageContaining("line 6: image 'a.jpg' already labelled on line 1");
    }

    @Test
    void aFileWithoutLabelledLinesIsAnError() {
        assertThatThrownBy(() -> LabelsFile.parse("empty.tsv", List.of("# nothing", "")))
                .isInstanceOf(LabelsFileException.class)
                .hasMessage("empty.tsv: no 'image<TAB>label' lines");
    }
}
