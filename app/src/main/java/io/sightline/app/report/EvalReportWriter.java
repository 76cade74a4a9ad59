package io.sightline.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sightline.eval.EvalReport;
import io.sightline.eval.QueryResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Writes {@code eval.json} (every figure) and {@code eval-map.png} (mAP per configuration) into a folder. */
public final class EvalReportWriter {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param context     what was evaluated (model version, data, split, settings)
     * @param byConfig    report of each configuration, in display order
     */
    public void write(Path dir, Map<String, Object> context, Map<String, EvalReport> byConfig) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> doc = new LinkedHashMap<>(context);
        Map<String, Object> configs = new LinkedHashMap<>();
        byConfig.forEach((name, report) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("mAP", report.mAP());
            Map<String, Double> ap = new LinkedHashMap<>();
            for (QueryResult r : report.results()) {
                ap.put(r.name(), r.ap());
            }
            entry.put("ap", ap);
            configs.put(name, entry);
        });
        doc.put("configurations", configs);
        Files.write(dir.resolve("eval.json"), json.writeValueAsBytes(doc));

        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("mAP per configuration: " + context.getOrDefault("model", ""))
                .xAxisTitle("configuration").yAxisTitle("mAP").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.0000");
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setXAxisLabelRotation(20);
        List<String> names = new ArrayList<>(byConfig.keySet());
        List<Double> values = names.stream().map(n -> byConfig.get(n).mAP()).toList();
        chart.addSeries("mAP", names, values);
        BitmapEncoder.saveBitmap(chart, dir.resolve("eval-map.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
