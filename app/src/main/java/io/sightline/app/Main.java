package io.sightline.app;

import io.sightline.app.cli.SightlineCommand;

/** Entry point of {@code ./sightline}. Long-running commands block until Ctrl-C, then return. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(SightlineCommand.commandLine().execute(args));
    }
}
