package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.EmbeddedPlatform;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.DeadLetterCounter;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.IngestWaiter;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.SearchEndpoint;
import io.sightline.app.node.StreamsNode;
import io.sightline.app.node.UploadPublisher;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.search.SearchServer;
import io.sightline.streams.RecordSerdes;
import io.sightline.streams.index.IndexShard;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The whole system in one JVM: an embedded KRaft broker, the schema registry, both topologies and the HTTP
 * endpoint; publishes a folder of photos as upload events through Kafka, waits until they are searchable, runs an
 * example query and keeps serving.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything in one JVM on embedded defaults, ingests a folder of photos through Kafka,",
                "waits until they are searchable, runs an example query and serves until Ctrl-C."})
public final class DemoCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--images", paramLabel = "DIR", description = "Photos to ingest (default: ../shared/data/paris6k_subset/images).")
    Path images;

    @Option(names = "--source", defaultValue = "URI", description = "How events carry images: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    UploadPublisher.SourceMode source;

    @Option(names = "--exit", description = "Exit after the example query, printing 'indexed N rejected M' last.")
    boolean exit;

    @Option(names = "--keep-data", description = "Keep the broker's and the index's data from an earlier demo run.")
    boolean keepData;

    @Option(names = "--baseline", description = "Also time the bare backbone on the same images, to show the pipeline's overhead.")
    boolean baseline;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "Give up waiting for ingestion after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        SightlineConfig base = options.load();
        Path dir = images != null ? images
                : base.root().resolve("../shared/data/paris6k_subset/images").normalize();
        List<Path> files = UploadPublisher.imagesIn(dir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images in " + dir);
        }
        Path demoDir = base.path(SightlineConfig.WORK_DIR).resolve("demo");
        if (!keepData) {
            deleteRecursively(demoDir);
        }
        Shutdown shutdown = new Shutdown();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(demoDir,
                base.getInt(SightlineConfig.KAFKA_PORT), base.getInt(SightlineConfig.SCHEMA_REGISTRY_PORT))) {
            SightlineConfig config = options.load(Map.of(
                    SightlineConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers(),
                    SightlineConfig.SCHEMA_REGISTRY_URL, platform.registryUrl().toString(),
                    SightlineConfig.WORK_DIR, demoDir.toString()));
            TopicSetup.ensureConfigured(config);
            SchemaRegistry registry = RegistryConnection.client(config);
            RecordSerdes serdes = RegistryConnection.serdes(registry);
            try (ExtractionStack extraction = ExtractionStack.fromConfig(config);
                 StreamsNode node = new StreamsNode(config, StreamsNode.Role.ALL, serdes, extraction, Clock.systemUTC())
                         .start(Duration.ofMinutes(2));
                 SearchServer server = SearchEndpoint.start(config, extraction, node.localShards());
                 DeadLetterCounter deadLetters = new DeadLetterCounter(config.getString(SightlineConfig.BOOTSTRAP_SERVERS),
                         config.getString(SightlineConfig.TOPIC_DLQ), serdes.deadLetters().deserializer());
                 var producer = io.sightline.app.node.Producers.uploads(config, serdes)) {
                long startupMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                out.printf("Sightline up in %.1f s: Kafka %s, registry %s, search %s%n", startupMs / 1000.0,
                        platform.bootstrapServers(), platform.registryUrl(), server.url());
                out.flush();

                IndexShard shards = node.localShards();
                List<Path> toPublish = files;
                if (keepData) {
                    // Re-publishing what is already searchable would only measure a queue behind old work.
                    toPublish = files.stream().filter(f -> !shards.contains(UploadPublisher.imageId(f))).toList();
                    out.printf("%d of %d images already indexed by an earlier run%n", files.size() - toPublish.size(),
                            files.size());
                }
                long started = System.nanoTime();
                try (ProgressBar bar = bar("publish", toPublish.size())) {
                    new UploadPublisher(producer, config.getString(SightlineConfig.TOPIC_UPLOADED), Clock.systemUTC())
                            .publish(toPublish, source, Map.of("album", dir.getFileName().toString()), bar::stepTo);
                }
                IngestWaiter.Outcome outcome;
                try (ProgressBar bar = bar("index", toPublish.size())) {
                    outcome = new IngestWaiter(shards, deadLetters).await(
                            toPublish.stream().map(UploadPublisher::imageId).toList(), timeout, bar::stepTo);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf("Ingested %d images in %.1f s: %.2f images/s end to end (publish -> searchable)%n",
                        toPublish.size(), seconds, outcome.indexed() / seconds);
                for (Map.Entry<String, DeadLetter> rejected : deadLetters.byImage().entrySet()) {
                    out.printf("  rejected %s at %s: %s%n", rejected.getKey(), rejected.getValue().getStage(),
                            rejected.getValue().getMessage());
                }
                if (baseline) {
                    io.sightline.app.node.BackboneBaseline.Result bare = new io.sightline.app.node.BackboneBaseline(
                            extraction, config.threads(SightlineConfig.STREAM_THREADS)).run(files);
                    double pipeline = outcome.indexed() / seconds;
                    out.printf("Same images, %d threads, no Kafka: bare backbone %.2f images/s, extractor (resize + "
                                    + "backbone + R-MAC) %.2f images/s, decode %.2f images/s, decode + extractor %.2f images/s%n",
                            bare.threads(), bare.backbonePerSecond(), bare.extractPerSecond(), bare.decodePerSecond(),
                            bare.decodeAndExtractPerSecond());
                    out.printf("Pipeline / bare backbone = %.2f; pipeline / (decode + extractor) = %.2f%n",
                            pipeline / bare.backbonePerSecond(), pipeline / bare.decodeAndExtractPerSecond());
                }
                files.stream().filter(f -> shards.contains(UploadPublisher.imageId(f))).findFirst()
                        .ifPresent(example -> ExampleQuery.run(out, server.url(), example, 5));
                out.printf("%nSearch it: ./sightline search PHOTO.jpg  or  curl -s -H 'Content-Type: image/jpeg' "
                        + "--data-binary @PHOTO.jpg '%sv1/search?k=5'%n", server.url());
                if (exit) {
                    out.printf("indexed %d rejected %d%n", outcome.indexed(), outcome.rejected());
                    out.flush();
                    return;
                }
                out.println("Serving until Ctrl-C.");
                out.flush();
                shutdown.await();
            }
        } finally {
            shutdown.closed();
        }
    }

    private static ProgressBar bar(String task, int total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot clear demo data in " + dir, e);
        }
    }
}
