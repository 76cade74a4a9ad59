package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.cli.SightlineCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliHelpTest {
    /** Every command of the picocli tree, recursively, as the words that reach it ("bench index"). */
    static Stream<String> commands() {
        List<String> paths = new ArrayList<>();
        collect(SightlineCommand.commandLine(), "", paths);
        return paths.stream();
    }

    private static void collect(CommandLine cli, String prefix, List<String> paths) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias: the same command under another name
            }
            String path = prefix.isEmpty() ? name : prefix + " " + name;
            paths.add(path);
            collect(sub, path, paths);
        });
    }

    @Test
    /** bench is not here: the benchmarks module registers it, and app does not depend on that module. */
    void theTreeHasTheTopLevelCommandsAndTheirSubcommands() {
        assertThat(commands().toList())
                .contains("demo", "test", "serve", "config", "help", "publish-model")
                .doesNotContain("bench")
                .hasSizeGreaterThanOrEqualTo(14);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everySubcommandHasHelp(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        assertThat(CliRun.of(args.toArray(String[]::new)).succeeded())
                .contains("Usage: sightline " + command)
                .contains("--help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"search", "ingest"})
    void missingRequiredArgumentsAreAUsageError(String command) {
        assertThat(CliRun.of(command).exit()).isEqualTo(2);
    }
}
