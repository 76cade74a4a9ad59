package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.IngestWaiter;
import io.sightline.app.node.LocalSystem;
import io.sightline.app.node.StageBench;
import io.sightline.app.node.UploadPublisher;
import io.sightline.data.DatasetLocations;
import io.sightline.schemas.DeadLetter;
import io.sightline.streams.index.IndexShard;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole system in one JVM: an embedded KRaft broker, the schema registry, both topologies and the HTTP
 * endpoint; publishes a folder of photos as upload events through Kafka, waits until they are searchable, runs an
 * example query and keeps serving.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs everything in one JVM on embedded defaults, ingests a folder of photos through Kafka,",
            "waits until they are searchable, runs an example query and serves until Ctrl-C."
        })
public final class DemoCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description =
                    "Photos to ingest (default: the Paris subset's images, data.paris, or the in-repository sample data/paris-sample where it is absent).")
    Path images;

    @Option(
            names = "--source",
            defaultValue = "URI",
            description = "How events carry images: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    UploadPublisher.SourceMode source;

    @Option(
            names = "--exit",
            description = "Exit after the example query, printing 'indexed N rejected M' last (N: the "
                    + "photos searchable, including those an earlier run indexed with --keep-data).")
    boolean exit;

    @Option(names = "--keep-data", description = "Keep the broker's and the index's data from an earlier demo run.")
    boolean keepData;

    @Option(
            names = "--baseline",
            description = "Also time the bare backbone on the same images, to show the pipeline's overhead.")
    boolean baseline;

    @Option(
            names = "--timeout",
            defaultValue = "PT10M",
            description = "Give up waiting for ingestion after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        SightlineConfig base = options.load();
        Path dir;
        if (images != null) {
            dir = DatasetLocations.requireFolder(images, "--images");
        } else {
            DatasetLocations.Dataset dataset = base.datasets().parisOrSample();
            dir = dataset.images();
            out.printf("Photos: %s in %s%n", dataset.description(), dir);
        }
        List<Path> files = UploadPublisher.imagesIn(dir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images in " + dir);
        }
        Shutdown shutdown = new Shutdown();
        try (LocalSystem system = LocalSystem.start(
                base.path(SightlineConfig.WORK_DIR).resolve("demo"),
                !keepData,
                base.getInt(SightlineConfig.KAFKA_PORT),
                base.getInt(SightlineConfig.SCHEMA_REGISTRY_PORT),
                addresses -> options.load(withFileRoot(addresses, dir)))) {
            long startupMs = System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime();
            out.printf(
                    "Sightline up in %.1f s: Kafka %s, registry %s, search %s%n",
                    startupMs / 1000.0,
                    system.platform().bootstrapServers(),
                    system.platform().registryUrl(),
                    system.server().url());
            out.flush();

            // Ctrl-C mid-ingest interrupts the wait, and closing starts at once (Kafka Streams and the HTTP server
            // first, model sessions last); a restart with --keep-data publishes what was not indexed yet.
            shutdown.interruptOnStop();
            try {
                Ingestion ingestion =
                        ingest(out, system, files, dir.getFileName().toString());
                if (baseline) {
                    printBaseline(out, system, files, ingestion.imagesPerSecond());
                }
                files.stream()
                        .filter(f -> system.shards().contains(UploadPublisher.imageId(f)))
                        .findFirst()
                        .ifPresent(
                                example -> ExampleQuery.run(out, system.server().url(), example, 5));
                out.printf(
                        "%nSearch it: ./sightline search PHOTO.jpg  or  curl -s -H 'Content-Type: image/jpeg' "
                                + "--data-binary @PHOTO.jpg '%sv1/search?k=5'%n",
                        system.server().url());
                if (exit) {
                    // Each image is one document, whatever was redone after a stop: the count shows duplicates.
                    out.printf("Index holds %d images%n", system.shards().count());
                    out.printf(
                            "indexed %d rejected %d%n",
                            ingestion.alreadyIndexed() + ingestion.outcome().indexed(),
                            ingestion.outcome().rejected());
                    out.flush();
                    return;
                }
                out.println("Serving until Ctrl-C.");
                out.flush();
                shutdown.await();
            } catch (RuntimeException e) {
                if (!shutdown.requested()) {
                    throw e;
                }
                out.println("Stopping: " + e.getMessage());
                out.flush();
            } finally {
                shutdown.stopInterrupting();
            }
        } finally {
            shutdown.closed();
        }
    }

    /** The demo publishes file:// URIs of its image folder, so that folder must be readable by the fetcher. */
    static Map<String, String> withFileRoot(Map<String, String> settings, Path dir) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(
                SightlineConfig.FETCH_FILE_ROOTS,
                dir.toAbsolutePath().normalize().toString());
        return all;
    }

    /** How the published images ended, and how fast; with --keep-data, how many an earlier run had indexed. */
    private record Ingestion(int alreadyIndexed, IngestWaiter.Outcome outcome, double seconds) {
        double imagesPerSecond() {
            return outcome.indexed() / seconds;
        }
    }

    /** Publishes the images (with --keep-data only those not yet indexed) and waits for each one's outcome. */
    private Ingestion ingest(PrintWriter out, LocalSystem system, List<Path> files, String album) {
        IndexShard shards = system.shards();
        List<Path> toPublish = files;
        if (keepData) {
            // Re-publishing what is already searchable would only measure a queue behind old work.
            toPublish = files.stream()
                    .filter(f -> !shards.contains(UploadPublisher.imageId(f)))
                    .toList();
            out.printf(
                    "%d of %d images already indexed by an earlier run%n",
                    files.size() - toPublish.size(), files.size());
        }
        long started = System.nanoTime();
        try (ProgressBar bar = bar("publish", toPublish.size())) {
            system.publisher().publish(toPublish, source, Map.of("album", album), bar::stepTo);
        }
        IngestWaiter.Outcome outcome;
        try (ProgressBar bar = bar("index", toPublish.size())) {
            outcome = new IngestWaiter(shards, system.deadLetters())
                    .await(toPublish.stream().map(UploadPublisher::imageId).toList(), timeout, bar::stepTo);
        }
        Ingestion ingestion =
                new Ingestion(files.size() - toPublish.size(), outcome, (System.nanoTime() - started) / 1e9);
        out.printf(
                "Ingested %d images in %.1f s: %.2f images/s end to end (publish -> searchable)%n",
                toPublish.size(), ingestion.seconds(), ingestion.imagesPerSecond());
        for (Map.Entry<String, DeadLetter> rejected :
                system.deadLetters().byImage().entrySet()) {
            out.printf(
                    "  rejected %s at %s: %s%n",
                    rejected.getKey(),
                    rejected.getValue().getStage(),
                    rejected.getValue().getMessage());
        }
        return ingestion;
    }

    private static void printBaseline(PrintWriter out, LocalSystem system, List<Path> files, double pipeline) {
        StageBench.Result bare = new StageBench(
                        system.extraction(),
                        system.config().threads(SightlineConfig.STREAM_THREADS),
                        system.config().getInt(SightlineConfig.EXTRACT_BATCH_SIZE))
                .run(files);
        out.printf(
                "Same images, %d threads, no Kafka: bare backbone %.2f images/s, extractor (resize + backbone + "
                        + "R-MAC) %.2f images/s, decode %.2f images/s, decode + extractor %.2f images/s%n",
                bare.threads(),
                bare.backbonePerSecond(),
                bare.extractorPerSecond(),
                bare.decodePerSecond(),
                bare.decodeAndExtractPerSecond());
        out.printf(
                "Pipeline / bare backbone = %.2f; pipeline / (decode + extractor) = %.2f%n",
                pipeline / bare.backbonePerSecond(), pipeline / bare.decodeAndExtractPerSecond());
    }

    private static ProgressBar bar(String task, int total) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
    }
}
