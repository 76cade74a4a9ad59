package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.RegistryConnection;
import io.sightline.data.DatasetLocations;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.LabelledImage;
import io.sightline.serde.AvroSerdes;
import io.sightline.trainer.cleaning.CleaningParams;
import io.sightline.trainer.cleaning.CleaningResult;
import io.sightline.trainer.cleaning.CuratedFiles;
import io.sightline.trainer.cleaning.DatasetCleaner;
import io.sightline.trainer.cleaning.ImageFolder;
import io.sightline.trainer.cleaning.LabelSummary;
import io.sightline.trainer.cleaning.LabelledItem;
import io.sightline.trainer.cleaning.LabelsFile;
import io.sightline.trainer.cleaning.NoiseRemovalScore;
import io.sightline.trainer.cleaning.NoisyLandmarkSet;
import io.sightline.trainer.cleaning.TopicCleaning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Cleans noisy landmark labels: from a labels file, from landmarks.raw, or on a noisy set with known answers. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        description = {
            "Cleans noisy landmark labels (Gordo et al.): per label, local features matched between every",
            "pair of images and verified with a RANSAC homography; the largest connected component of verified",
            "pairs is kept, each kept image with the box of its inliers. Three modes:",
            "  clean --labels FILE --images DIR [--out FILE]   (FILE lines: image<TAB>label)",
            "  clean --from-topic       (topic.landmarks.raw up to its end -> topic.landmarks.curated)",
            "  clean --noisy-eval [--noise 0.2] [--unrelated 0.1] [--seed 42]   (precision/recall of noise removal)"
        })
public final class CleanCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels file: one 'image<TAB>label' per line.")
    Path labels;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Folder of the images (--noisy-eval default: the Paris subset's images, data.paris).")
    Path images;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the curated list: .json (everything) or TSV (any other name).")
    Path out;

    @Option(
            names = "--from-topic",
            description = "Clean everything on topic.landmarks.raw, publish survivors to topic.landmarks.curated.")
    boolean fromTopic;

    @Option(
            names = "--noisy-eval",
            description =
                    "Build a noisy set from the ground truth, clean it, print precision and recall of noise removal.")
    boolean noisyEval;

    @Option(
            names = "--gt",
            paramLabel = "DIR",
            description = "Ground truth for --noisy-eval (default: the Paris subset's gt, data.paris).")
    Path gt;

    @Option(
            names = "--noise",
            defaultValue = "0.2",
            description =
                    "--noisy-eval: share of clean images relabelled to a wrong landmark (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(
            names = "--unrelated",
            defaultValue = "0.1",
            description =
                    "--noisy-eval: images positive for no query added with a wrong label, as a share of the clean images (default ${DEFAULT-VALUE}).")
    double unrelated;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the noisy set and of RANSAC (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--detector", description = "Local features: ${COMPLETION-CANDIDATES} (default: SURF).")
    CleaningParams.Detector detector;

    @Option(names = "--min-inliers", paramLabel = "N", description = "Inliers that make a pair verified (default: 8).")
    Integer minInliers;

    @Option(
            names = "--longest-side",
            paramLabel = "S",
            description = "Images are downscaled to this longest side (default: 640).")
    Integer longestSide;

    @Option(
            names = "--max-features",
            paramLabel = "N",
            description = "Strongest points kept per image (default: 1000).")
    Integer maxFeatures;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: one per core).")
    Integer threads;

    @Override
    public Integer call() {
        SightlineConfig config = options.load();
        int modes = (fromTopic ? 1 : 0) + (noisyEval ? 1 : 0) + (labels != null ? 1 : 0);
        if (modes != 1) {
            throw new IllegalArgumentException(
                    "give exactly one of --labels FILE (with --images DIR), --from-topic, --noisy-eval");
        }
        CleaningParams params = params();
        ImageDecoder decoder = new ImageDecoder(limits(config));
        PrintWriter console = spec.commandLine().getOut();
        long start = System.nanoTime();
        CleaningResult result;
        try (DatasetCleaner cleaner = new DatasetCleaner(params)) {
            if (fromTopic) {
                result = fromTopic(config, cleaner, decoder);
            } else if (noisyEval) {
                return noisyEval(config, cleaner, decoder, console, start);
            } else {
                if (images == null) {
                    throw new IllegalArgumentException("--labels needs --images DIR");
                }
                List<LabelledItem> items = LabelsFile.read(labels);
                ImageFolder folder = new ImageFolder(images, decoder);
                List<String> missing = folder.missing(items);
                if (!missing.isEmpty()) {
                    throw new IllegalArgumentException(labels + ": " + missing.size() + " image(s) not found in "
                            + images
                            + ": " + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
                            + (missing.size() > 10 ? ", ..." : ""));
                }
                result = cleaner.clean(items, folder, s -> printLabel(console, s));
            }
        }
        printTotals(console, result, params, start);
        if (out != null) {
            CuratedFiles.write(out, result);
            console.printf("wrote %s%n", out);
        }
        return 0;
    }

    private int noisyEval(
            SightlineConfig config, DatasetCleaner cleaner, ImageDecoder decoder, PrintWriter console, long start) {
        DatasetLocations.Dataset data = images != null && gt != null
                ? null
                : config.datasets().requirePresent(config.datasets().paris());
        Path imagesDir = images != null ? DatasetLocations.requireFolder(images, "--images") : data.images();
        Path gtDir = gt != null ? DatasetLocations.requireFolder(gt, "--gt") : data.groundTruth();
        NoisyLandmarkSet set = NoisyLandmarkSet.build(gtDir, imagesDir, noise, unrelated, seed);
        console.printf(
                "noisy set: %d images, %d noise (%.0f%% relabelled of the clean positives, unrelated %.0f%%), seed %d%n",
                set.items().size(), set.noise().size(), 100 * noise, 100 * unrelated, seed);
        CleaningResult result =
                cleaner.clean(set.items(), new ImageFolder(imagesDir, decoder), s -> printLabel(console, s));
        printTotals(console, result, params(), start);
        NoiseRemovalScore score = NoiseRemovalScore.of(set, result);
        console.printf("%n| images | noise | removed | removed & noise | precision | recall | clean kept |%n");
        console.printf("|---|---|---|---|---|---|---|%n");
        console.printf(
                Locale.ROOT,
                "| %d | %d | %d | %d | %.3f | %.3f | %d/%d (%.3f) |%n",
                score.images(),
                score.noise(),
                score.removed(),
                score.truePositives(),
                score.precision(),
                score.recall(),
                score.cleanKept(),
                score.clean(),
                (double) score.cleanKept() / Math.max(1, score.clean()));
        console.printf(Locale.ROOT, "precision %.4f recall %.4f%n", score.precision(), score.recall());
        if (out != null) {
            CuratedFiles.write(out, result);
            console.printf("wrote %s%n", out);
        }
        return 0;
    }

    private CleaningResult fromTopic(SightlineConfig config, DatasetCleaner cleaner, ImageDecoder decoder) {
        String bootstrap = config.getString(SightlineConfig.BOOTSTRAP_SERVERS);
        if (bootstrap.isBlank()) {
            throw new IllegalArgumentException(
                    "set bootstrap.servers (or SIGHTLINE_BOOTSTRAP_SERVERS) to the cluster to clean");
        }
        String raw = config.getString(SightlineConfig.TOPIC_LANDMARKS_RAW);
        String curated = config.getString(SightlineConfig.TOPIC_LANDMARKS_CURATED);
        int maxBytes = config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES);
        ensureTopics(config, raw, curated, maxBytes);
        SchemaRegistry registry = RegistryConnection.client(config);
        Serde<LabelledImage> serde = AvroSerdes.value(LabelledImage.class, registry);

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxBytes);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxBytes);
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), serde.deserializer());
                var producer = new KafkaProducer<>(producerProps, new StringSerializer(), serde.serializer());
                ImageFetcher fetcher = new ImageFetcher(limits(config), ExtractionStack.fetchPolicy(config))) {
            CleaningResult result = new TopicCleaning(cleaner, decoder, fetcher)
                    .run(consumer, producer, raw, curated, Duration.ofMinutes(2));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "published %d curated images to %s (%d removed)%n",
                            result.kept().size(), curated, result.removed().size());
            return result;
        }
    }

    private static void ensureTopics(SightlineConfig config, String raw, String curated, int maxBytes) {
        int partitions = config.getInt(SightlineConfig.TOPIC_PARTITIONS);
        short replication = config.getShort(SightlineConfig.TOPIC_REPLICATION);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SightlineConfig.BOOTSTRAP_SERVERS)))) {
            new TopicSetup(admin)
                    .ensure(List.of(
                            new TopicSetup.TopicSpec(
                                    raw,
                                    partitions,
                                    replication,
                                    Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxBytes))),
                            new TopicSetup.TopicSpec(
                                    curated,
                                    partitions,
                                    replication,
                                    Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                            TopicConfig.CLEANUP_POLICY_COMPACT,
                                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                            String.valueOf(maxBytes)))));
        }
    }

    private CleaningParams params() {
        CleaningParams d = CleaningParams.defaults();
        return new CleaningParams(
                detector != null ? detector : d.detector(),
                longestSide != null ? longestSide : d.longestSide(),
                maxFeatures != null ? maxFeatures : d.maxFeatures(),
                d.ratio(),
                d.ransacIterations(),
                d.inlierPixels(),
                minInliers != null ? minInliers : d.minInliers(),
                threads != null ? threads : d.threads(),
                seed);
    }

    private static ImageLimits limits(SightlineConfig config) {
        return new ImageLimits(
                config.getLong(SightlineConfig.IMAGE_MAX_BYTES),
                config.getLong(SightlineConfig.IMAGE_MAX_PIXELS),
                Duration.ofMillis(config.getInt(SightlineConfig.FETCH_CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(config.getInt(SightlineConfig.FETCH_READ_TIMEOUT_MS)));
    }

    private static void printLabel(PrintWriter out, LabelSummary s) {
        out.printf(
                Locale.ROOT,
                "%-14s images %4d  kept %4d  pairs %6d  verified %5d  %7.1f s  %6.1f ms/pair%n",
                s.label(),
                s.images(),
                s.kept(),
                s.pairs(),
                s.verifiedPairs(),
                s.matchMillis() / 1000.0,
                s.pairs() == 0 ? 0.0 : (double) s.matchMillis() / s.pairs());
        out.flush();
    }

    private static void printTotals(PrintWriter out, CleaningResult r, CleaningParams p, long start) {
        double wall = (System.nanoTime() - start) / 1e9;
        out.printf(
                Locale.ROOT,
                "kept %d removed %d of %d images in %d labels; features %.1f s, matching %.1f s "
                        + "(%d pairs, %.1f ms/pair wall on %d threads), total %.1f s%n",
                r.kept().size(),
                r.removed().size(),
                r.kept().size() + r.removed().size(),
                r.labels().size(),
                r.featureMillis() / 1000.0,
                r.matchMillis() / 1000.0,
                r.pairs(),
                r.pairs() == 0 ? 0.0 : (double) r.matchMillis() / r.pairs(),
                p.threads(),
                wall);
    }
}
