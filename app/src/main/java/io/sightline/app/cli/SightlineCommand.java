package io.sightline.app.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code sightline} command. */
@Command(
        name = "sightline",
        mixinStandardHelpOptions = true,
        version = "sightline 0.1.0",
        description = "Event-driven image retrieval: Kafka Streams, DJL (ONNX Runtime), R-MAC, Lucene.",
        subcommands = {
            DemoCommand.class,
            TestCommand.class,
            IngestCommand.class,
            SearchCommand.class,
            ServeCommand.class,
            EvalCommand.class,
            DatasetsCommand.class,
            FitCommand.class,
            CleanCommand.class,
            TrainCommand.class,
            TrainerCommand.class,
            RegistryCommand.class,
            BrokerCommand.class,
            ConfigCommand.class,
            PublishModelCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "./sightline bench ... (benchmarks) comes from the benchmarks module, which the launcher adds for it."
        })
public final class SightlineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SightlineCommand());
        // Commands of modules on the class path only for some runs (bench); added before the settings below,
        // which picocli applies to the subcommands present at the time.
        for (SubcommandProvider provider : ServiceLoader.load(SubcommandProvider.class)) {
            cli.addSubcommand(provider.command());
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sightline " + commandLine.getCommandName() + ": " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(SightlineCommand.class).debug("Command failed", e);
            return 1;
        });
        return cli;
    }
}
