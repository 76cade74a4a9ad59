package io.sightline.app.cli;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.RegistryConnection;
import io.sightline.image.ImageFetcher;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.ModelPublished;
import io.sightline.serde.AvroSerdes;
import io.sightline.trainer.mining.MiningParams;
import io.sightline.trainer.publish.ModelPublisher;
import io.sightline.trainer.training.TrainingConfig;
import io.sightline.trainer.training.TrainingLevel;
import io.sightline.trainer.training.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The trainer service with {@code trainer.source=collection}: it learns from every image of {@code topic.uploaded},
 * without labels. Each pass reads the collection back from the topic ({@link CollectionSnapshot}); once at least
 * {@code trainer.min.new.images} images were added or removed since the last run, or {@code trainer.interval.ms}
 * passed and anything changed, it runs {@code train --self-supervised} on it ({@link SelfSupervisedRun}) and
 * publishes the result on {@code topic.models} only when the run hands on an adapted model, that is when its
 * label-free checks say it improves on the unadapted one (docs/decisions/033). A run that learned nothing better
 * publishes nothing: the served model stays. A pass killed mid-run resumes when the service starts again on the
 * same collection ({@link CandidateFolders}).
 */
final class CollectionTrainer {

    /** How often the long-running service reads the collection back to look for changes. */
    private static final Duration REREAD = Duration.ofMinutes(1);

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final SightlineConfig config;
    private final PrintWriter out;

    CollectionTrainer(SightlineConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    int run(boolean once) throws Exception {
        SchemaRegistry registry = RegistryConnection.client(config);
        String uploaded = config.getString(SightlineConfig.TOPIC_UPLOADED);
        String models = config.getString(SightlineConfig.TOPIC_MODELS);
        TrainerCommand.ensureTopics(config, config.getString(SightlineConfig.TOPIC_LANDMARKS_CURATED), models);
        Path work = config.path(SightlineConfig.WORK_DIR).resolve("trainer");
        Shutdown shutdown = new Shutdown();
        try (ImageFetcher fetcher =
                        new ImageFetcher(ExtractionStack.limits(config), ExtractionStack.fetchPolicy(config));
                KafkaConsumer<String, ImageUploaded> consumer = uploadedConsumer(config, registry);
                KafkaProducer<String, ModelPublished> producer = TrainerCommand.modelProducer(config, registry)) {
            CollectionSnapshot snapshot = new CollectionSnapshot(consumer, uploaded, fetcher);
            ModelPublisher publisher = new ModelPublisher(producer, models, Clock.systemUTC());
            Pass pass = new Pass(snapshot, publisher, work, new TrainerCommand.StageListener(out, shutdown::requested));
            if (once) {
                pass.run(Set.of(), Instant.now());
                return 0;
            }
            out.printf("trainer learning without labels from the images of %s; Ctrl-C stops it%n", uploaded);
            out.flush();
            shutdown.interruptOnStop();
            try {
                Set<String> trainedOn = Set.of();
                Instant lastRun = Instant.now();
                while (!shutdown.requested()) {
                    Set<String> now = pass.run(trainedOn, lastRun);
                    if (now != trainedOn) {
                        trainedOn = now;
                        lastRun = Instant.now();
                    }
                    Thread.sleep(REREAD);
                }
            } catch (InterruptedException | RuntimeException e) {
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

    /** One read of the collection and, if due, one run. */
    private final class Pass {
        private final CollectionSnapshot snapshot;
        private final ModelPublisher publisher;
        private final Path work;
        private final TrainingListener listener;

        Pass(CollectionSnapshot snapshot, ModelPublisher publisher, Path work, TrainingListener listener) {
            this.snapshot = snapshot;
            this.publisher = publisher;
            this.work = work;
            this.listener = listener;
        }

        /** @return the images the run learned from, or {@code trainedOn} itself when no run was due */
        Set<String> run(Set<String> trainedOn, Instant lastRun) throws Exception {
            CollectionSnapshot.Read read = snapshot.read(work.resolve("collection"), READ_TIMEOUT);
            Set<String> changed = new HashSet<>(read.names());
            changed.removeAll(trainedOn);
            Set<String> removed = new HashSet<>(trainedOn);
            removed.removeAll(read.names());
            int changes = changed.size() + removed.size();
            out.printf(
                    Locale.ROOT,
                    "read %d upload events: %d images in the collection (%d could not be fetched), %d changes since"
                            + " the last run%n",
                    read.events(),
                    read.names().size(),
                    read.unreadable(),
                    changes);
            boolean due = changes >= config.getInt(SightlineConfig.TRAINER_MIN_NEW_IMAGES)
                    || (changes > 0
                            && Duration.between(lastRun, Instant.now()).toMillis()
                                    >= config.getLong(SightlineConfig.TRAINER_INTERVAL_MS));
            if (!due) {
                out.println("no retraining due");
                out.flush();
                return trainedOn;
            }
            TrainingLevel level = TrainingLevel.valueOf(
                    config.getString(SightlineConfig.TRAINER_LEVEL).toUpperCase(Locale.ROOT));
            String version =
                    "svc-collection-" + level.name().toLowerCase(Locale.ROOT) + "-" + STAMP.format(Instant.now());
            CandidateFolders candidates = new CandidateFolders(work.resolve("candidates"));
            Path candidate = candidates.of(read.names(), level.name());
            candidates.removeAllBut(candidate);
            // Kept when the pass does not finish (killed, stopped, failed), so the next pass on the same collection
            // resumes its mining and training (decision 040).
            boolean finished = false;
            try {
                SelfSupervisedRun.Result result = new SelfSupervisedRun(config, out, listener)
                        .run(trainingConfig(read.folder(), candidate, level, version), null, MiningParams.defaults());
                if (result.improves()) {
                    Path bundle = work.resolve("bundles").resolve(version);
                    Files.createDirectories(bundle.getParent());
                    Files.move(candidate, bundle, StandardCopyOption.ATOMIC_MOVE);
                    ModelPublished event = publisher.publish(bundle);
                    out.printf(
                            Locale.ROOT,
                            "published %s (epoch %d) sha256 %s at %s%n",
                            event.getVersion(),
                            result.chosenEpoch(),
                            event.getSha256(),
                            event.getBundleUri());
                } else {
                    out.printf(
                            Locale.ROOT,
                            "not published: no epoch gained +%s on the held-out-photo check without losing held-out"
                                    + " places; the served model stays%n",
                            SelfSupervisedRun.MIN_GAIN);
                }
                finished = true;
            } catch (IllegalArgumentException e) {
                // Too few verified places to learn from is an outcome of the collection, not a failure of the service.
                out.println("not published: " + e.getMessage());
                finished = true;
            } finally {
                if (finished) {
                    candidates.remove(candidate);
                }
            }
            out.flush();
            return read.names();
        }
    }

    private TrainingConfig trainingConfig(Path images, Path out, TrainingLevel level, String version) {
        TrainingConfig d = TrainingConfig.defaults(
                images,
                null,
                SelfSupervisedRun.labelsFile(out),
                List.of(""),
                out,
                level,
                config.path(SightlineConfig.MODEL_PATH),
                config.datasets().backboneTorchScript());
        int epochs = config.getInt(SightlineConfig.TRAINER_EPOCHS);
        return new TrainingConfig(
                d.images(),
                null,
                d.labelsFile(),
                d.trainPrefixes(),
                out,
                d.level(),
                epochs > 0 ? epochs : d.epochs(),
                d.seed(),
                d.learningRate(),
                d.margin(),
                d.batchTriplets(),
                d.longestSide(),
                d.trainSide(),
                d.levels(),
                d.layer(),
                d.onnxBackbone(),
                d.torchScriptBackbone(),
                d.initPower(),
                null,
                config.threads(SightlineConfig.MODEL_SESSIONS),
                false,
                version);
    }

    private static KafkaConsumer<String, ImageUploaded> uploadedConsumer(
            SightlineConfig config, SchemaRegistry registry) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SightlineConfig.BOOTSTRAP_SERVERS));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES));
        return new KafkaConsumer<>(
                props,
                new StringDeserializer(),
                AvroSerdes.value(ImageUploaded.class, registry).deserializer());
    }
}
