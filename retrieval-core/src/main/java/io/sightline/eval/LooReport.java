package io.sightline.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Per (query image, view) APs of the leave-one-out protocol, and their means with 95% bootstrap intervals. */
public record LooReport(List<Result> results) {

    /** Seed of every interval: reports of the same run agree. */
    private static final long SEED = 20261207L;

    public record Result(String imageName, String landmark, QueryView view, double ap) {}

    public LooReport {
        results = List.copyOf(results);
    }

    /** mAP over every query and view, resampling query images. */
    public Bootstrap.Interval overall() {
        return interval(r -> true);
    }

    public Map<QueryView, Bootstrap.Interval> byView() {
        Map<QueryView, Bootstrap.Interval> out = new LinkedHashMap<>();
        results.stream().map(Result::view).distinct().sorted().forEach(v -> out.put(v, interval(r -> r.view() == v)));
        return out;
    }

    public Map<String, Bootstrap.Interval> byLandmark() {
        Map<String, Bootstrap.Interval> out = new TreeMap<>();
        results.stream()
                .map(Result::landmark)
                .distinct()
                .forEach(l -> out.put(l, interval(r -> r.landmark().equals(l))));
        return out;
    }

    public double mAP() {
        return results.stream().mapToDouble(Result::ap).average().orElse(0);
    }

    /** The mean AP of one view's queries (0 when none was scored). */
    public double mAP(QueryView view) {
        return results.stream()
                .filter(r -> r.view() == view)
                .mapToDouble(Result::ap)
                .average()
                .orElse(0);
    }

    /**
     * The mean AP difference {@code a - b} over the (query image, view) pairs both reports scored, with a 95%
     * bootstrap interval resampling query images: a paired comparison of two settings on the same queries.
     */
    public static Bootstrap.Interval pairedDifference(LooReport a, LooReport b) {
        Map<String, Double> other = new java.util.HashMap<>();
        b.results.forEach(r -> other.put(r.imageName() + "|" + r.view(), r.ap()));
        Map<String, List<Double>> byImage = new TreeMap<>();
        for (Result r : a.results) {
            Double ap = other.get(r.imageName() + "|" + r.view());
            if (ap != null) {
                byImage.computeIfAbsent(r.imageName(), k -> new ArrayList<>()).add(r.ap() - ap);
            }
        }
        return Bootstrap.mean95(
                byImage.values().stream()
                        .map(d -> d.stream().mapToDouble(Double::doubleValue).toArray())
                        .toList(),
                SEED);
    }

    private Bootstrap.Interval interval(Predicate<Result> keep) {
        Map<String, List<Double>> byImage = new TreeMap<>();
        for (Result r : results) {
            if (keep.test(r)) {
                byImage.computeIfAbsent(r.imageName(), k -> new ArrayList<>()).add(r.ap());
            }
        }
        List<double[]> clusters = byImage.values().stream()
                .map(aps -> aps.stream().mapToDouble(Double::doubleValue).toArray())
                .toList();
        return Bootstrap.mean95(clusters, SEED);
    }
}
