package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.testing.BadImages;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sightline demo --exit} end to end in this JVM: Kafka's own KafkaRaftServer, the registry on Kafka, both
 * topologies and the HTTP endpoint, on a few real photos and one broken file.
 */
class DemoCommandTest {
    @TempDir
    Path work;

    @Test
    void demoIngestsSearchesAndReportsCounts() throws Exception {
        Path images = Files.createDirectories(work.resolve("photos"));
        for (Path photo : SharedData.photos(5)) {
            Files.copy(photo, images.resolve(photo.getFileName()));
        }
        Files.write(images.resolve("broken.jpg"), BadImages.truncatedJpeg());

        String text = CliRun.of(
                        "demo",
                        "--exit",
                        "--images",
                        images.toString(),
                        "--timeout",
                        "PT3M",
                        "-D",
                        "embedded.kafka.port=0",
                        "-D",
                        "schema.registry.port=0",
                        "-D",
                        "http.port=0",
                        "-D",
                        "work.dir=" + work.resolve("state"),
                        "-D",
                        "extract.longest.side=384",
                        "-D",
                        "topic.partitions=2",
                        "-D",
                        "model.path=" + SharedData.backboneOnnx())
                .succeeded();
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("indexed 5 rejected 1");
        assertThat(text).contains("rejected broken at DECODE");
        // The example query is the first photo (sorted by name); it must find itself at rank 1, as a duplicate at raw
        // similarity 1 whatever the expanded rank score.
        String first = SharedData.photos(5).stream()
                .map(p -> p.getFileName().toString())
                .sorted()
                .findFirst()
                .orElseThrow()
                .replace(".jpg", "");
        assertThat(text).containsPattern("\\s+1\\s+-?[01]\\.\\d{4}\\s+1\\.0000\\s+duplicate\\s+\\d+\\s+" + first);
    }
}
