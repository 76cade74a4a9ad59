package io.sightline.app.cli;

import io.sightline.app.config.ConfigurationDoc;
import io.sightline.app.config.SightlineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints every configuration key with its environment variable, default and documentation. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Prints every configuration key, its SIGHTLINE_* variable, default and documentation.",
            "--markdown prints the whole docs/configuration.md page (with --out FILE: writes it);",
            "regenerate the committed page with: " + ConfigurationDoc.REGENERATE
        })
public final class ConfigCommand implements Runnable {
    @Option(names = "--markdown", description = "The whole docs/configuration.md page instead of the bare table.")
    boolean markdown;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write to FILE instead of standard output (relative to the repository root).")
    Path out;

    @Override
    public void run() {
        String text = markdown ? ConfigurationDoc.render() : SightlineConfig.markdownTable();
        if (out == null) {
            System.out.print(text);
            return;
        }
        Path target = out.isAbsolute()
                ? out
                : Path.of(System.getProperty("sightline.root", ".")).resolve(out);
        try {
            Files.writeString(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("wrote " + target);
    }
}
