package io.sightline.benchmarks.ingest;

import io.sightline.streams.ingest.StageCpuTotals;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-image stage CPU from two {@link StageCpuTotals} snapshots around a pass: what the pipeline's decoding and
 * inference cost over the same seconds as its whole CPU.
 */
final class StageMetrics {
    private StageMetrics() {}

    /**
     * CPU milliseconds per image of each stage between two snapshots ({@code decode}, {@code thumbnail},
     * {@code extract}), over {@code images} images.
     */
    static Map<String, Double> msPerImage(Map<String, Double> before, Map<String, Double> after, int images) {
        Map<String, Double> perImage = new LinkedHashMap<>();
        for (String stage : StageCpuTotals.stages()) {
            String metric = StageCpuTotals.cpuMetric(stage);
            double spent = after.getOrDefault(metric, 0.0) - before.getOrDefault(metric, 0.0);
            perImage.put(stage, spent / 1e6 / Math.max(1, images));
        }
        return perImage;
    }
}
