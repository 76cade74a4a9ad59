package io.sightline.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecallQpsPlotTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngWithOneSeriesPerSystemAndMode() throws Exception {
        List<String> rows = List.of(
                "{\"system\": \"sightline\", \"mode\": \"pq\", \"rerank\": null, \"recall_at_10\": 0.43, \"qps_1t\": 289.0}",
                "{\"system\": \"sightline\", \"mode\": \"pq\", \"rerank\": 400, \"recall_at_10\": 1.0, \"qps_1t\": 176.0}",
                "{\"system\": \"faiss\", \"mode\": \"pq\", \"recall_at_10\": 0.42, \"qps_1t\": 855.0}");
        Path png = dir.resolve("plot.png");
        new RecallQpsPlot().write(png, rows);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
    }

    @Test
    void refusesRowsWithoutThroughput() {
        assertThatThrownBy(
                        () -> new RecallQpsPlot()
                                .write(
                                        dir.resolve("x.png"),
                                        List.of(
                                                "{\"system\": \"faiss\", \"mode\": \"hnsw\", \"recall_at_10\": 0.9, \"qps_1t\": 0}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
