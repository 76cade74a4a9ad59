package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.cli.SightlineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One {@code ./sightline} command run in this JVM through the same picocli tree as the launcher, with what it
 * printed on each stream.
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SightlineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Asserts the command exited 0 (what it printed is the failure message) and returns its stdout. */
    String succeeded() {
        assertThat(exit).as(out + "\n" + err).isZero();
        return out;
    }
}
