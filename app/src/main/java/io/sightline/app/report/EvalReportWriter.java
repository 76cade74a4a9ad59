package io.sightline.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sightline.eval.Bootstrap;
import io.sightline.eval.EvalReport;
import io.sightline.eval.LooReport;
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

        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(500)
                .title("mAP per configuration: " + context.getOrDefault("model", ""))
                .xAxisTitle("configuration")
                .yAxisTitle("mAP")
                .build();
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

    /** Writes {@code loo.json} (every AP and interval) and {@code loo-map.png} (mAP per view with its interval). */
    public void writeLoo(Path dir, Map<String, Object> context, LooReport report) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> doc = new LinkedHashMap<>(context);
        doc.put("protocol", "loo");
        doc.put("overall", interval(report.overall()));
        Map<String, Object> views = new LinkedHashMap<>();
        report.byView().forEach((v, i) -> views.put(v.tag(), interval(i)));
        doc.put("views", views);
        Map<String, Object> landmarks = new LinkedHashMap<>();
        report.byLandmark().forEach((l, i) -> landmarks.put(l, interval(i)));
        doc.put("landmarks", landmarks);
        doc.put(
                "results",
                report.results().stream()
                        .map(r -> Map.of(
                                "image",
                                r.imageName(),
                                "landmark",
                                r.landmark(),
                                "view",
                                r.view().tag(),
                                "ap",
                                r.ap()))
                        .toList());
        Files.write(dir.resolve("loo.json"), json.writeValueAsBytes(doc));

        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(500)
                .title("leave-one-out mAP per view: " + context.getOrDefault("setting", ""))
                .xAxisTitle("query view")
                .yAxisTitle("mAP (95% bootstrap interval)")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.000");
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        report.byView().forEach((v, i) -> {
            names.add(v.tag());
            values.add(i.mean());
            errors.add((i.high() - i.low()) / 2);
        });
        Bootstrap.Interval all = report.overall();
        names.add("all");
        values.add(all.mean());
        errors.add((all.high() - all.low()) / 2);
        chart.addSeries("mAP", names, values, errors);
        BitmapEncoder.saveBitmap(chart, dir.resolve("loo-map.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static Map<String, Double> interval(Bootstrap.Interval i) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mAP", i.mean());
        out.put("low95", i.low());
        out.put("high95", i.high());
        return out;
    }
}
