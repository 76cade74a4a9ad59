package io.sightline.benchmarks.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./sightline bench ...}: the benchmarks (performance is shown by these, never by timed unit tests). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks: 'bench ingest' (each stage alone and the pipeline through Kafka), 'bench index' (every search mode vs Faiss), 'bench search' (HTTP load on running instances), 'bench kernels' (JMH, hot loops).",
        subcommands = {
            BenchIngestCommand.class,
            BenchIndexCommand.class,
            BenchSearchCommand.class,
            BenchKernelsCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
