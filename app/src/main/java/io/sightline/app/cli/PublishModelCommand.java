package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.Producers;
import io.sightline.app.node.RegistryConnection;
import io.sightline.schemas.ModelPublished;
import io.sightline.trainer.publish.ModelPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Announces a model bundle on models.published: running instances build a new index generation and switch to it. */
@Command(
        name = "publish-model",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes a model bundle (made by './sightline fit') on topic.models: every running instance",
            "re-extracts all live images with it into a new index generation and switches search to it when it",
            "has caught up. The bundle must stay where it is: instances load it from its path."
        })
public final class PublishModelCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", paramLabel = "DIR", required = true, description = "Bundle directory or zip.")
    Path bundle;

    @Override
    public void run() {
        SightlineConfig config = options.load();
        if (config.getString(SightlineConfig.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException(
                    "set bootstrap.servers (or SIGHTLINE_BOOTSTRAP_SERVERS) to the cluster to publish to");
        }
        io.sightline.app.kafka.TopicSetup.ensureConfigured(config);
        try (var producer = Producers.models(config, RegistryConnection.client(config))) {
            ModelPublished event = new ModelPublisher(
                            producer, config.getString(SightlineConfig.TOPIC_MODELS), Clock.systemUTC())
                    .publish(bundle);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "published model %s (%s, dim %d, sha256 %s) on %s%n",
                    event.getVersion(),
                    event.getHead(),
                    event.getDim(),
                    event.getSha256(),
                    config.getString(SightlineConfig.TOPIC_MODELS));
        }
    }
}
