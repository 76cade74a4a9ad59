package io.sightline.benchmarks.ingest;

import io.sightline.app.node.StageBench;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The median, figure by figure, of several runs of the stage benches. The efficiency's numerator is their CPU per
 * image, and one run of them on this shared 2-core machine read anywhere from 26 to 41 CPU ms for the same
 * extractor (bench/results/2026-12-07-ingest/nrt-cache, commit-interval): one slow run no longer sets the figure.
 */
public final class StageMedians {
    private StageMedians() {}

    public static StageBench.Result of(List<StageBench.Result> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no stage bench runs");
        }
        return new StageBench.Result(
                runs.get(0).images(),
                runs.get(0).threads(),
                median(runs, StageBench.Result::decodePerSecond),
                median(runs, StageBench.Result::resizePerSecond),
                median(runs, StageBench.Result::backbonePerSecond),
                median(runs, StageBench.Result::headPerSecond),
                median(runs, StageBench.Result::extractorPerSecond),
                median(runs, StageBench.Result::decodeCpuMs),
                median(runs, StageBench.Result::backboneCpuMs),
                median(runs, StageBench.Result::extractorCpuMs),
                median(runs, StageBench.Result::decodeOwnCpuMs),
                median(runs, StageBench.Result::extractorOwnCpuMs));
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    static double median(List<StageBench.Result> runs, ToDoubleFunction<StageBench.Result> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** Each run's value of one figure, for printing the spread. */
    public static String spread(List<StageBench.Result> runs, ToDoubleFunction<StageBench.Result> figure) {
        return Arrays.toString(runs.stream()
                .mapToDouble(figure)
                .map(v -> Math.round(v * 10) / 10.0)
                .toArray());
    }
}
