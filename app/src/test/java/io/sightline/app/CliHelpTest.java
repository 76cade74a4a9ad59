package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.cli.SightlineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "test", "ingest", "search", "serve", "eval", "fit", "clean", "train", "trainer", "bench", "registry", "config", "help"})
    void everySubcommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = SightlineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute(command, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: sightline " + command).contains("--help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"search", "ingest"})
    void missingRequiredArgumentsAreAUsageError(String command) {
        CommandLine cli = SightlineCommand.commandLine();
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(command)).isEqualTo(2);
    }
}
