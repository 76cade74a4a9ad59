package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the Confluent-API schema registry on its own, storing schemas in a compacted topic of the cluster. */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = "Runs the Confluent-API-compatible schema registry against bootstrap.servers until Ctrl-C.")
public final class RegistryCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", description = "Port (default: schema.registry.port).")
    Integer port;

    @Override
    public void run() {
        SightlineConfig config = options.load();
        String bootstrap = config.getString(SightlineConfig.BOOTSTRAP_SERVERS);
        if (bootstrap.isBlank()) {
            throw new IllegalArgumentException("set bootstrap.servers: the registry keeps its schemas in Kafka");
        }
        Shutdown shutdown = new Shutdown();
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                new KafkaSchemaStore(bootstrap, KafkaSchemaStore.DEFAULT_TOPIC, config.kafkaClientSettings()),
                host,
                port != null ? port : config.getInt(SightlineConfig.SCHEMA_REGISTRY_PORT))) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Schema registry at %s (schemas in %s). Ctrl-C stops it.%n",
                            registry.url(), KafkaSchemaStore.DEFAULT_TOPIC);
            spec.commandLine().getOut().flush();
            shutdown.await();
        } finally {
            shutdown.closed();
        }
    }
}
