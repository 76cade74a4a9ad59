package io.sightline.eval;

import java.util.List;

/** Per-query APs and their mean. */
public record EvalReport(List<QueryResult> results, double mAP) {
    public EvalReport {
        results = List.copyOf(results);
    }

    /** mAP over the queries not named in {@code excluded}, e.g. without the noisy {@code triomphe_5}. */
    public double mAPWithout(String... excluded) {
        List<String> ex = List.of(excluded);
        return results.stream()
                .filter(r -> !ex.contains(r.name()))
                .mapToDouble(QueryResult::ap)
                .average()
                .orElse(0);
    }
}
