package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import picocli.CommandLine.Command;

/** Prints every configuration key with its environment variable, default and documentation. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Prints every configuration key, its SIGHTLINE_* variable, default and documentation.")
public final class ConfigCommand implements Runnable {
    @Override
    public void run() {
        System.out.print(SightlineConfig.markdownTable());
    }
}
