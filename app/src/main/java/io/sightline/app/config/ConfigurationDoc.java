package io.sightline.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/configuration.md} from {@link SightlineConfig#DEFINITION}: the key table is generated, so it
 * cannot drift from the code. Regenerate with {@code ./sightline config --markdown --out docs/configuration.md}
 * (or run this class's {@code main} with the output path); {@code ConfigTest.docsConfigurationIsFresh} fails when the committed
 * file is stale.
 */
public final class ConfigurationDoc {
    /** Where the generated page lives, relative to the repository root. */
    public static final String PATH = "docs/configuration.md";

    public static final String REGENERATE = "./sightline config --markdown --out " + PATH;

    private ConfigurationDoc() {}

    /** The whole page. */
    public static String render() {
        return """
                # Configuration

                <!-- Generated from app/src/main/java/io/sightline/app/config/SightlineConfig.java by %s;
                     do not edit by hand (ConfigTest.docsConfigurationIsFresh fails when this file is stale). -->

                Every key is defined, with its default and documentation, in one class
                (`app/src/main/java/io/sightline/app/config/SightlineConfig.java`); `./sightline config` prints the table.
                Values come, lowest precedence first, from the defaults, a properties file (`--config FILE`), environment
                variables (`SIGHTLINE_` + the key upper-cased with dots as underscores, e.g. `SIGHTLINE_BOOTSTRAP_SERVERS`)
                and `-D key=value` on the command line. All keys:

                %s
                Kafka client settings pass through: any `kafka.X` setting (file, `-D`, or `SIGHTLINE_KAFKA_X` with `_` for `.`) is
                given as `X` to every Kafka client Sightline creates (Kafka Streams, producers, consumers, admin), e.g.
                `kafka.security.protocol=SSL`, `kafka.ssl.truststore.location=...`, `kafka.sasl.mechanism=SCRAM-SHA-512`,
                `kafka.sasl.jaas.config=...`.

                Any external Kafka cluster works: set `bootstrap.servers` and `schema.registry.url` (Confluent Schema
                Registry, Apicurio's ccompat API, Karapace or `./sightline registry`), then `./sightline serve`.
                """.formatted(REGENERATE, SightlineConfig.markdownTable());
    }

    /** Writes the page to {@code args[0]} (default {@value #PATH}, relative to the working directory). */
    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : PATH));
    }

    public static void write(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, render(), StandardCharsets.UTF_8);
    }
}
