package io.sightline.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.eval.EvalReport;
import io.sightline.eval.QueryResult;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryFigureAsJsonAndAChart() throws Exception {
        Map<String, EvalReport> configs = new LinkedHashMap<>();
        configs.put("plain", new EvalReport(List.of(new QueryResult("q1", 0.5), new QueryResult("q2", 0.7)), 0.6));
        configs.put("dba+qe", new EvalReport(List.of(new QueryResult("q1", 0.9), new QueryResult("q2", 1.0)), 0.95));
        new EvalReportWriter().write(dir, Map.of("model", "m1"), configs);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("eval.json").toFile());
        assertThat(json.path("model").asText()).isEqualTo("m1");
        assertThat(json.path("configurations").path("dba+qe").path("mAP").asDouble())
                .isEqualTo(0.95);
        assertThat(json.path("configurations")
                        .path("plain")
                        .path("ap")
                        .path("q2")
                        .asDouble())
                .isEqualTo(0.7);
        BufferedImage chart = ImageIO.read(dir.resolve("eval-map.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(900);
        assertThat(chart.getHeight()).isEqualTo(500);
    }
}
