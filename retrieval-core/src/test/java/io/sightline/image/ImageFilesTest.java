package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder's photos by extension in any case, named without it; one name, one photo. */
class ImageFilesTest {

    @Test
    void listsPhotosOfEveryReadFormatByNameAndSkipsTheRest(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"b.jpeg", "a.JPG", "c.png", "d.webp", "notes.txt", "e", ".hidden"}) {
            Files.writeString(dir.resolve(f), "x");
        }
        Files.createDirectory(dir.resolve("f.jpg"));

        assertThat(ImageFiles.list(dir))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("a.JPG", "b.jpeg", "c.png", "d.webp");
        assertThat(ImageFiles.list(dir)).extracting(ImageFiles::name).containsExactly("a", "b", "c", "d");
        assertThat(ImageFiles.find(dir, "a")).contains(dir.resolve("a.JPG"));
        assertThat(ImageFiles.find(dir, "b")).contains(dir.resolve("b.jpeg"));
        assertThat(ImageFiles.find(dir, "notes")).isEmpty();
        assertThatThrownBy(() -> ImageFiles.require(dir, "missing"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no photo named 'missing' in " + dir);
    }

    @Test
    void twoPhotosOfOneNameAreRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.jpg"), "x");
        Files.writeString(dir.resolve("a.png"), "x");
        assertThatThrownBy(() -> ImageFiles.list(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("two photos named 'a'")
                .hasMessageContaining("a.jpg")
                .hasMessageContaining("a.png");
    }
}
