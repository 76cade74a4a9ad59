package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.Producers;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.UploadPublisher;
import io.sightline.streams.RecordSerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Publishes a folder of photos as upload events to a running (or external) cluster. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description =
                "Publishes the photos of a folder as upload events to bootstrap.servers (registry: schema.registry.url).")
public final class IngestCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--images", paramLabel = "DIR", required = true, description = "Folder of photos.")
    Path images;

    @Option(
            names = "--source",
            defaultValue = "URI",
            description = "How events carry images: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    UploadPublisher.SourceMode source;

    @Option(
            names = "--delete",
            paramLabel = "IMAGE_ID",
            description = "Instead: publish a tombstone deleting these images.")
    List<String> delete;

    @Override
    public void run() {
        SightlineConfig config = options.load();
        if (config.getString(SightlineConfig.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException(
                    "set bootstrap.servers (or SIGHTLINE_BOOTSTRAP_SERVERS) to the cluster to publish to");
        }
        RecordSerdes serdes = RegistryConnection.serdes(RegistryConnection.client(config));
        try (var producer = Producers.uploads(config, serdes)) {
            UploadPublisher publisher =
                    new UploadPublisher(producer, config.getString(SightlineConfig.TOPIC_UPLOADED), Clock.systemUTC());
            if (delete != null) {
                delete.forEach(publisher::delete);
                spec.commandLine().getOut().printf("deleted %d images%n", delete.size());
                return;
            }
            List<Path> files = UploadPublisher.imagesIn(images);
            try (ProgressBar bar = new ProgressBar("publish", files.size())) {
                publisher.publish(
                        files, source, Map.of("album", images.getFileName().toString()), bar::stepTo);
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "published %d images to %s%n",
                            files.size(), config.getString(SightlineConfig.TOPIC_UPLOADED));
        }
    }
}
