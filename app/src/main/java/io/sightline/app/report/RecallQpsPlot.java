package io.sightline.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The index benchmark's trade-off plot: recall@10 against single-threaded queries per second (log scale), one
 * series per system and mode, so each Sightline mode sits next to its Faiss counterpart.
 */
public final class RecallQpsPlot {
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param rows JSON objects with at least {@code system}, {@code mode}, {@code recall_at_10}, {@code qps_1t}
     *             (and {@code rerank} to tell re-ranked rows apart)
     */
    public void write(Path png, List<String> rows) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (String row : rows) {
            JsonNode r = parse(row);
            boolean reranked = r.hasNonNull("rerank") && r.get("rerank").asInt() > 0;
            String name = r.get("system").asText() + " " + r.get("mode").asText() + (reranked ? "+rerank" : "");
            double qps = r.get("qps_1t").asDouble();
            if (qps > 0) {
                series.computeIfAbsent(name, s -> new ArrayList<>())
                        .add(new double[] {r.get("recall_at_10").asDouble(), qps});
            }
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no rows with queries/s to plot");
        }
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(600)
                .title("recall@10 vs queries/s (1 thread)")
                .xAxisTitle("recall@10")
                .yAxisTitle("queries/s")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(10);
        series.forEach((name, points) -> {
            XYSeries s = chart.addSeries(
                    name,
                    points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(name.startsWith("faiss") ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        });
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private JsonNode parse(String row) {
        try {
            return mapper.readTree(row);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON bench row: " + row, e);
        }
    }
}
