package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sightline eval --images DIR --gt DIR} reads a user's folder as ingest does: the in-repository sample's
 * photos renamed to {@code .jpeg} and {@code .JPG} (same bytes) score exactly as the {@code .jpg} originals.
 */
class EvalFileTypesTest {

    @Test
    void photosNamedJpegOrUpperCaseJpgScoreAsTheOriginals(@TempDir Path tmp) throws IOException {
        Path renamed = Files.createDirectory(tmp.resolve("photos"));
        List<Path> photos;
        try (Stream<Path> s = Files.list(SharedData.sample().images())) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        for (int i = 0; i < photos.size(); i++) {
            String name = photos.get(i).getFileName().toString().replaceFirst("\\.jpg$", "");
            Files.copy(photos.get(i), renamed.resolve(name + (i % 2 == 0 ? ".jpeg" : ".JPG")));
        }

        String original = mapLine(eval(SharedData.sample().images()));
        String withOtherNames = mapLine(eval(renamed));

        assertThat(original).matches("mAP [01]\\.\\d{4}");
        assertThat(withOtherNames).isEqualTo(original);
    }

    private static String eval(Path images) {
        return CliRun.of(
                        "eval",
                        "--images",
                        images.toString(),
                        "--gt",
                        SharedData.sample().groundTruth().toString(),
                        "-D",
                        "model.path=" + SharedData.backboneOnnx())
                .succeeded();
    }

    private static String mapLine(String printed) {
        return printed.lines()
                .filter(l -> l.startsWith("mAP "))
                .reduce((a, b) -> b)
                .orElseThrow();
    }
}
