package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Options every command shares: a configuration file and single-key overrides. */
public final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with configuration keys (see ./sightline config).")
    Path file;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description = "Override one configuration key.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Defaults < file < SIGHTLINE_* environment < -D overrides < {@code extra} (the command's own options). */
    public SightlineConfig load(Map<String, String> extra) {
        Map<String, String> fromFile = new HashMap<>();
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file, e);
            }
            props.forEach((k, v) -> fromFile.put(k.toString(), v.toString()));
        }
        Map<String, String> all = new HashMap<>(overrides);
        all.putAll(extra);
        return SightlineConfig.load(fromFile, System.getenv(), all, root());
    }

    public SightlineConfig load() {
        return load(Map.of());
    }

    /** The repository root, where relative paths in the configuration start (set by the launcher). */
    static Path root() {
        return Path.of(System.getProperty("sightline.root", "."))
                .toAbsolutePath()
                .normalize();
    }
}
