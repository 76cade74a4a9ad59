package io.sightline.benchmarks.index;

import java.util.Locale;

/** One result row, printed as a JSON object (the same fields faiss_bench.py prints). */
public record BenchRow(
        String system,
        String mode,
        Integer m,
        Integer nlist,
        Integer nprobe,
        Integer rerank,
        double recallAt1,
        double recallAt10,
        double recallAt100,
        double qps1t,
        double qps2t,
        double p50Ms,
        double p99Ms,
        double bytesPerVector,
        double buildS) {

    public String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"system\": \"%s\", \"mode\": \"%s\", \"m\": %s, \"nlist\": %s, \"nprobe\": %s, "
                        + "\"rerank\": %s, \"recall_at_1\": %.4f, \"recall_at_10\": %.4f, \"recall_at_100\": %.4f, "
                        + "\"qps_1t\": %.1f, \"qps_2t\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, "
                        + "\"bytes_per_vector\": %.1f, \"build_s\": %.2f}",
                system,
                mode,
                m,
                nlist,
                nprobe,
                rerank,
                recallAt1,
                recallAt10,
                recallAt100,
                qps1t,
                qps2t,
                p50Ms,
                p99Ms,
                bytesPerVector,
                buildS);
    }
}
