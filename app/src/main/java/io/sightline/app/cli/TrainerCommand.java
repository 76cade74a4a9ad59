package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.RegistryConnection;
import io.sightline.data.DatasetLocations;
import io.sightline.image.ImageFetcher;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.LabelledImage;
import io.sightline.schemas.ModelPublished;
import io.sightline.serde.AvroSerdes;
import io.sightline.trainer.publish.ModelPublisher;
import io.sightline.trainer.service.Baseline;
import io.sightline.trainer.service.CuratedFolder;
import io.sightline.trainer.service.HeldOutScore;
import io.sightline.trainer.service.PublishedModels;
import io.sightline.trainer.service.RetrainPolicy;
import io.sightline.trainer.service.RetrainRun;
import io.sightline.trainer.service.RetrainSettings;
import io.sightline.trainer.service.RunOutcome;
import io.sightline.trainer.service.TrainerService;
import io.sightline.trainer.training.TrainingLevel;
import io.sightline.trainer.training.TrainingListener;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The trainer service ({@link TrainerService}) on the configured cluster: long-running, or one pass with --once. */
@Command(
        name = "trainer",
        mixinStandardHelpOptions = true,
        description = {
            "Consumes topic.landmarks.curated (or, with trainer.source=collection, learns without labels from every",
            "image of topic.uploaded), retrains when trainer.min.new.images changed or every",
            "trainer.interval.ms, scores the candidate on trainer.eval.* (queries it trained on left out) and",
            "publishes it on topic.models only if its mAP beats the served bundle's (docs/decisions/015)."
        })
public final class TrainerCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Read the curated topic to its end, run once if the policy says so, exit.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SightlineConfig config = options.load();
        if (config.getString(SightlineConfig.TRAINER_SOURCE).equals("collection")) {
            return new CollectionTrainer(config, out).run(once);
        }
        SchemaRegistry registry = RegistryConnection.client(config);
        String curated = config.getString(SightlineConfig.TOPIC_LANDMARKS_CURATED);
        String models = config.getString(SightlineConfig.TOPIC_MODELS);
        ensureTopics(config, curated, models);
        Path work = config.path(SightlineConfig.WORK_DIR).resolve("trainer");
        int threads = config.threads(SightlineConfig.MODEL_SESSIONS);
        int epochs = config.getInt(SightlineConfig.TRAINER_EPOCHS);
        RetrainSettings settings = new RetrainSettings(
                work.resolve("bundles"),
                work.resolve("candidates"),
                TrainingLevel.valueOf(
                        config.getString(SightlineConfig.TRAINER_LEVEL).toUpperCase(Locale.ROOT)),
                epochs > 0 ? epochs : null,
                config.path(SightlineConfig.MODEL_PATH),
                config.datasets().backboneTorchScript(),
                threads);
        HeldOutScore evaluation = new HeldOutScore(
                evalFolder(config, SightlineConfig.TRAINER_EVAL_IMAGES, "images"),
                evalFolder(config, SightlineConfig.TRAINER_EVAL_GT, "gt"),
                threads);
        Baseline initial = initialBaseline(config, registry, models, threads);
        Shutdown shutdown = new Shutdown();
        try (ImageFetcher fetcher =
                        new ImageFetcher(ExtractionStack.limits(config), ExtractionStack.fetchPolicy(config));
                KafkaConsumer<String, LabelledImage> consumer = curatedConsumer(config, registry);
                KafkaProducer<String, ModelPublished> producer = modelProducer(config, registry)) {
            CuratedFolder folder = new CuratedFolder(work.resolve("curated"), fetcher);
            RetrainRun run = new RetrainRun(
                    settings,
                    evaluation,
                    new ModelPublisher(producer, models, Clock.systemUTC()),
                    new StageListener(out, shutdown::requested),
                    Clock.systemUTC());
            TrainerService service = new TrainerService(
                    consumer,
                    curated,
                    folder,
                    new RetrainPolicy(
                            config.getInt(SightlineConfig.TRAINER_MIN_NEW_IMAGES),
                            Duration.ofMillis(config.getLong(SightlineConfig.TRAINER_INTERVAL_MS))),
                    run,
                    last -> last.map(o -> Baseline.servedBundle(o.bundleDir(), threads))
                            .orElse(initial),
                    Clock.systemUTC());
            if (once) {
                int events = service.catchUp(Duration.ofMinutes(2));
                out.printf(
                        "read %d curated events: %d live images, %d changes since the last run%n",
                        events, folder.names().size(), folder.changes());
                Optional<RunOutcome> outcome = service.runIfDue();
                outcome.ifPresentOrElse(o -> print(out, o), () -> out.println("no retraining due"));
                return 0;
            }
            out.printf("trainer consuming %s; Ctrl-C stops it%n", curated);
            out.flush();
            // Ctrl-C interrupts waits (and a run between its steps, see StageListener), so that the JVM does not exit
            // under a running libtorch or ONNX Runtime call; the interrupt is cleared before the clients close.
            shutdown.interruptOnStop();
            try {
                service.runUntil(shutdown::requested);
            } catch (RuntimeException e) {
                if (!shutdown.requested()) {
                    throw e;
                }
            } finally {
                shutdown.stopInterrupting();
            }
            return 0;
        } finally {
            shutdown.closed();
        }
    }

    private static void print(PrintWriter out, RunOutcome o) {
        out.printf(Locale.ROOT, "trained %s on %d images in %.1f s%n", o.version(), o.trainingImages(), o.seconds());
        out.printf(
                Locale.ROOT,
                "candidate mAP %.6f (%d queries), baseline mAP %.6f (%d queries, %s)%n",
                o.candidate().mAP(),
                o.candidate().queries(),
                o.baseline().mAP(),
                o.baseline().queries(),
                o.baselineSource());
        if (o.published()) {
            out.printf(
                    "published %s sha256 %s at %s%n",
                    o.event().getVersion(), o.event().getSha256(), o.event().getBundleUri());
        } else {
            out.println("rejected: not better than the baseline");
        }
    }

    /** The newest bundle on topic.models, else model.bundle, else the default descriptor measured per run. */
    private static Baseline initialBaseline(
            SightlineConfig config, SchemaRegistry registry, String topic, int threads) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SightlineConfig.BOOTSTRAP_SERVERS));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, ModelPublished> consumer = new KafkaConsumer<>(
                props,
                new StringDeserializer(),
                AvroSerdes.value(ModelPublished.class, registry).deserializer())) {
            Optional<ModelPublished> latest = PublishedModels.latest(consumer, topic, Duration.ofMinutes(1));
            if (latest.isPresent()) {
                URI uri = URI.create(latest.get().getBundleUri());
                Path dir = "file".equals(uri.getScheme()) ? Path.of(uri) : null;
                if (dir != null && Files.exists(dir)) {
                    return Baseline.servedBundle(dir, threads);
                }
                LoggerFactory.getLogger(TrainerCommand.class)
                        .warn(
                                "served bundle not readable here version={} uri={}; "
                                        + "comparing with the default descriptor",
                                latest.get().getVersion(),
                                uri);
            }
        }
        if (!config.getString(SightlineConfig.MODEL_BUNDLE).isBlank()) {
            return Baseline.servedBundle(config.path(SightlineConfig.MODEL_BUNDLE), threads);
        }
        return Baseline.defaultDescriptor(() -> {
            ExtractionStack stack = ExtractionStack.fromConfig(config);
            return new Baseline.Opened(stack.extractor(), stack);
        });
    }

    static void ensureTopics(SightlineConfig config, String curated, String models) {
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                String.valueOf(config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES)));
        short replication = config.getShort(SightlineConfig.TOPIC_REPLICATION);
        try (Admin admin =
                Admin.create(Map.of("bootstrap.servers", config.getString(SightlineConfig.BOOTSTRAP_SERVERS)))) {
            new TopicSetup(admin)
                    .ensure(List.of(
                            new TopicSetup.TopicSpec(
                                    curated, config.getInt(SightlineConfig.TOPIC_PARTITIONS), replication, compacted),
                            new TopicSetup.TopicSpec(models, 1, replication, compacted)));
        }
    }

    private static KafkaConsumer<String, LabelledImage> curatedConsumer(
            SightlineConfig config, SchemaRegistry registry) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SightlineConfig.BOOTSTRAP_SERVERS));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(SightlineConfig.APPLICATION_ID) + "-trainer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES));
        return new KafkaConsumer<>(
                props,
                new StringDeserializer(),
                AvroSerdes.value(LabelledImage.class, registry).deserializer());
    }

    static KafkaProducer<String, ModelPublished> modelProducer(SightlineConfig config, SchemaRegistry registry) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SightlineConfig.BOOTSTRAP_SERVERS));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(
                props,
                new StringSerializer(),
                AvroSerdes.value(ModelPublished.class, registry).serializer());
    }

    /** Stages of a run on the console (training progress is in the log); ends a run between steps on Ctrl-C. */
    record StageListener(PrintWriter out, BooleanSupplier stopRequested) implements TrainingListener {
        @Override
        public void stage(String description) {
            stopIfRequested();
            out.println(description + " ...");
            out.flush();
        }

        @Override
        public void epochStarted(int epoch, int epochs, int steps) {
            stopIfRequested();
        }

        @Override
        public void stepDone(int step, float loss) {
            stopIfRequested();
        }

        private void stopIfRequested() {
            if (stopRequested.getAsBoolean()) {
                throw new IllegalStateException("retraining stopped by Ctrl-C");
            }
        }
    }

    /** A trainer.eval.* folder, or that part of the Paris subset where the key is empty. */
    private static Path evalFolder(SightlineConfig config, String key, String part) {
        if (!config.getString(key).isBlank()) {
            return DatasetLocations.requireFolder(config.path(key), key);
        }
        DatasetLocations.Dataset paris =
                config.datasets().requirePresent(config.datasets().paris());
        return part.equals("images") ? paris.images() : paris.groundTruth();
    }
}
