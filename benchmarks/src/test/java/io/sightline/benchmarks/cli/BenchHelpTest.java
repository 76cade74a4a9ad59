package io.sightline.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.cli.SightlineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** With this module on the class path, the app's command line has {@code bench} and each of its subcommands. */
class BenchHelpTest {
    @Test
    void benchIsRegisteredAndEverySubcommandHasHelp() {
        CommandLine bench = SightlineCommand.commandLine().getSubcommands().get("bench");
        assertThat(bench)
                .as("bench registered through ServiceLoader (META-INF/services)")
                .isNotNull();
        assertThat(bench.getSubcommands()).containsKeys("ingest", "index", "search", "kernels");

        Map<String, String> usage = new LinkedHashMap<>();
        usage.put("bench", help("bench", "--help"));
        for (String sub : bench.getSubcommands().keySet()) {
            usage.put("bench " + sub, help("bench", sub, "--help"));
        }
        usage.forEach((command, text) -> assertThat(text)
                .as(command)
                .contains("Usage: sightline " + command)
                .contains("--help"));
    }

    /** The usage text printed for {@code args}, which must exit 0. */
    private static String help(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = SightlineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isZero();
        return out.toString();
    }
}
