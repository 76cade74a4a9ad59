package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.EmbeddedKafka;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A standalone single-node KRaft broker from the Sightline image, for hosts that cannot pull a Kafka image (the
 * compose check runs offline); the demo embeds the same broker. Real deployments use apache/kafka.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft, combined broker + controller) on 127.0.0.1 until Ctrl-C:",
            "the demo's embedded broker on its own, for machines without a Kafka image. Data survives restarts."
        })
public final class BrokerCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "Client listener port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Log and metadata directory, formatted on first use (default: <work.dir>/broker).")
    Path dataDir;

    @Override
    public void run() {
        Path dir = dataDir != null
                ? dataDir
                : options.load().path(SightlineConfig.WORK_DIR).resolve("broker");
        Shutdown shutdown = new Shutdown();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, port)) {
            spec.commandLine()
                    .getOut()
                    .printf("Kafka broker at %s (data in %s). Ctrl-C stops it.%n", kafka.bootstrapServers(), dir);
            spec.commandLine().getOut().flush();
            shutdown.await();
        } finally {
            shutdown.closed();
        }
    }
}
