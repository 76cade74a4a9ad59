package io.sightline.benchmarks.cli;

import io.sightline.app.cli.SubcommandProvider;

/** Registers {@code ./sightline bench} with the app's command line when this module is on the class path. */
public final class BenchCommands implements SubcommandProvider {
    @Override
    public Object command() {
        return new BenchCommand();
    }
}
