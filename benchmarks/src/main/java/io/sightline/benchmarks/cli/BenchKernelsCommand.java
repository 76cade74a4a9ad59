package io.sightline.benchmarks.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** JMH over the hot kernels (benchmarks module), then each vectorised kernel's speed-up over the loop it replaced. */
@Command(
        name = "kernels",
        mixinStandardHelpOptions = true,
        description = {
            "JMH benchmarks of the hot float loops (ADC scan and table, dot products, R-MAC region",
            "pooling, whitening, pixels into the tensor, colour-profile conversion), each next to the plain",
            "loop it replaced, in one run; prints the ratios."
        })
public final class BenchKernelsCommand implements Callable<Integer> {
    /** Benchmark pairs: the plain loop, then its replacement (method names in io.sightline.benchmarks). */
    private static final Map<String, String> REPLACED = Map.of(
            "AdcScanBenchmark.scalarBytes", "AdcScanBenchmark.unrolledBytes",
            "AdcScanBenchmark.tablePositions", "AdcScanBenchmark.unrolledBytes",
            "DotBenchmark.scalarDouble", "DotBenchmark.vector",
            "DotBenchmark.scalarFloat", "DotBenchmark.vector",
            "PoolingBenchmark.regionsScalar", "PoolingBenchmark.regionsVector",
            "PoolingBenchmark.whiteningScalarDouble", "PoolingBenchmark.whiteningVector",
            "PixelBenchmark.toChwGetRgb", "PixelBenchmark.toChwPacked",
            "PixelBenchmark.srgbProfileConverted", "PixelBenchmark.srgbProfileSkipped");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--include",
            defaultValue = "io.sightline.benchmarks.*",
            description = "Regular expression of the benchmarks to run (default ${DEFAULT-VALUE}).")
    String include;

    @Option(
            names = "--quick",
            description = "1 fork, 2 x 0.5 s warm-up, 3 x 0.5 s measurement (a smoke run, not figures).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write JMH's JSON result file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xmx1g")
                .warmupIterations(quick ? 2 : 5)
                .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
                .measurementIterations(quick ? 3 : 10)
                .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000));
        if (json != null) {
            options.resultFormat(ResultFormatType.JSON).result(json.toString());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        printRatios(spec.commandLine().getOut(), results);
        return 0;
    }

    private static void printRatios(PrintWriter out, Collection<RunResult> results) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String params = r.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + r.getParams().getParam(k))
                    .reduce((a, b) -> a + "," + b)
                    .orElse("");
            scores.put(shortName + "|" + params, r.getPrimaryResult().getScore());
        }
        out.println();
        out.printf("%-42s %-12s %-42s %s%n", "plain loop", "params", "replacement", "speed-up");
        scores.forEach((key, plain) -> {
            String[] parts = key.split("\\|", -1);
            String replacement = REPLACED.get(parts[0]);
            Double faster = replacement == null ? null : scores.get(replacement + "|" + parts[1]);
            if (faster != null) {
                out.printf("%-42s %-12s %-42s %.2fx%n", parts[0], parts[1], replacement, plain / faster);
            }
        });
        out.flush();
    }
}
