package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.SearchEndpoint;
import io.sightline.app.node.StreamsNode;
import io.sightline.app.node.generation.NodeGenerations;
import io.sightline.registry.SchemaRegistry;
import io.sightline.streams.RecordSerdes;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs one Sightline instance against an existing cluster until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the topologies (and, for roles that index, the search endpoint) against bootstrap.servers",
            "and schema.registry.url until Ctrl-C. Start several with the same application.id to share partitions."
        })
public final class ServeCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--role",
            defaultValue = "ALL",
            description =
                    "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}): extract = uploads to descriptors only; index = descriptors to shards + search.")
    StreamsNode.Role role;

    @Override
    public void run() {
        SightlineConfig config = options.load();
        if (config.getString(SightlineConfig.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException(
                    "set bootstrap.servers (or SIGHTLINE_BOOTSTRAP_SERVERS); './sightline demo' runs an embedded cluster");
        }
        PrintWriter out = spec.commandLine().getOut();
        io.sightline.app.kafka.TopicSetup.ensureConfigured(config);
        SchemaRegistry registry = RegistryConnection.client(config);
        RecordSerdes serdes = RegistryConnection.serdes(registry);
        Shutdown shutdown = new Shutdown();
        // Index generations (docs/decisions/013): the served one is swapped when a new model is published.
        try (NodeGenerations generations =
                NodeGenerations.start(config, role, serdes, registry, Clock.systemUTC(), Duration.ofMinutes(5))) {
            SearchEndpoint endpoint = role == StreamsNode.Role.EXTRACT
                    ? null
                    : SearchEndpoint.start(config, generations.manager(), serdes);
            try {
                out.printf(
                        "Sightline %s instance running%s. Ctrl-C stops it.%n",
                        role.name().toLowerCase(),
                        endpoint == null
                                ? ""
                                : "; search at " + endpoint.server().url());
                out.flush();
                shutdown.await();
            } finally {
                if (endpoint != null) {
                    endpoint.close();
                }
            }
        } finally {
            shutdown.closed();
        }
    }
}
