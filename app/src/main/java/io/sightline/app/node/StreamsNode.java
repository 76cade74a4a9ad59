package io.sightline.app.node;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.KafkaClients;
import io.sightline.backbone.BackboneClosedException;
import io.sightline.index.VectorFormat;
import io.sightline.streams.RecordSerdes;
import io.sightline.streams.SightlineTopology;
import io.sightline.streams.Topics;
import io.sightline.streams.index.IndexShard;
import io.sightline.streams.index.ShardStorageException;
import io.sightline.streams.index.ShardStoreType;
import io.sightline.streams.ingest.Batching;
import io.sightline.streams.ingest.ImageSourceLoader;
import io.sightline.streams.matches.MatchFinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Sightline instance in the given role: its Kafka Streams applications and its local index shards. */
public final class StreamsNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsNode.class);

    /** Which sub-topologies this instance runs. */
    public enum Role {
        ALL,
        EXTRACT,
        INDEX;

        boolean extracts() {
            return this != INDEX;
        }

        boolean indexes() {
            return this != EXTRACT;
        }
    }

    private final Role role;
    /** The extraction application (uploads to descriptors), if this role extracts. */
    private final KafkaStreams extractor;
    /** The index application (descriptors to shards), if this role indexes. */
    private final KafkaStreams indexer;
    /** Copy detection (matches.publish), started by {@link #startMatches} once the search is served; else null. */
    private KafkaStreams matcher;

    private final SightlineConfig config;
    private final SightlineTopology topologies;
    private final Map<String, Object> errorHandling;
    /** Fetch + decode + thumbnail threads of micro-batches (none without batching). */
    private final java.util.concurrent.ExecutorService loaders;

    /**
     * Extraction and indexing always run as two Kafka Streams applications, even in one process: a stream thread
     * busy with a batch of images would otherwise delay the cheap index writes behind it by seconds, and the two
     * scale differently (extraction with cores or GPUs, indexing with partitions and search load).
     */
    public StreamsNode(
            SightlineConfig config, Role role, RecordSerdes serdes, ExtractionStack extraction, Clock clock) {
        this.role = role;
        this.config = config;
        Topics topics = topics(config);
        this.topologies = new SightlineTopology(topics, serdes, clock);
        this.errorHandling = topologies.deadLetterRouting().streamsConfig();
        int batchSize = config.getInt(SightlineConfig.EXTRACT_BATCH_SIZE);
        this.loaders = role.extracts() && batchSize > 1
                ? java.util.concurrent.Executors.newFixedThreadPool(
                        config.threads(SightlineConfig.EXTRACT_LOADER_THREADS),
                        Thread.ofPlatform().name("ingest-loader-", 0).daemon().factory())
                : null;
        Batching batching = loaders == null
                ? Batching.none()
                : new Batching(
                        batchSize,
                        Duration.ofMillis(config.getInt(SightlineConfig.EXTRACT_BATCH_MAX_WAIT_MS)),
                        loaders);
        this.extractor = role.extracts()
                ? application(
                        config,
                        APP_EXTRACT,
                        errorHandling,
                        topologies.build(
                                Optional.of(new SightlineTopology.IngestStage(
                                        new ImageSourceLoader(extraction.fetcher(), extraction.limits()),
                                        extraction.decoder(),
                                        extraction.extractor(),
                                        extraction.quantizers(),
                                        batching)),
                                Optional.empty()),
                        config.threads(SightlineConfig.STREAM_THREADS))
                : null;
        this.indexer = role.indexes()
                ? application(
                        config,
                        APP_INDEX,
                        errorHandling,
                        topologies.build(
                                Optional.empty(),
                                Optional.of(new SightlineTopology.IndexStage(
                                        extraction.extractor().dimension(),
                                        VectorFormat.valueOf(config.getString(SightlineConfig.INDEX_VECTOR_FORMAT)),
                                        extraction.quantizers(),
                                        Duration.ofMillis(config.getInt(SightlineConfig.INDEX_REFRESH_INTERVAL_MS))))),
                        config.getInt(SightlineConfig.INDEX_STREAM_THREADS))
                : null;
    }

    private static final String APP_EXTRACT = "extract";
    private static final String APP_INDEX = "index";
    private static final String APP_MATCHES = "matches";

    private static KafkaStreams application(
            SightlineConfig config, String part, Map<String, Object> errorHandling, Topology topology, int threads) {
        LOG.info("Topology {}:\n{}", part, topology.describe());
        Properties props = streamsProperties(config, part, threads);
        props.putAll(errorHandling);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> responseTo(part, e));
        return streams;
    }

    /**
     * A thread that died on a transient fault (broker or registry unreachable) is replaced and reads its records
     * again from the last commit. A shard that cannot be written (unwritable directory, full disk) will not get
     * better by retrying: the application stops with the directory in the log, its offsets uncommitted.
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse responseTo(String part, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BackboneClosedException) {
                LOG.info(
                        "The {} application stops with its backbone (the process is stopping); the records in "
                                + "progress are not committed and are processed again after a restart",
                        part);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            if (t instanceof ShardStorageException storage) {
                LOG.error(
                        "Index storage failed, stopping the {} application (nothing is committed past the failure; "
                                + "fix {} and restart): {}",
                        part,
                        storage.directory(),
                        storage.getMessage(),
                        error);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        }
        LOG.error("Stream thread of the {} application died; replacing it", part, error);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    public static Topics topics(SightlineConfig config) {
        return new Topics(
                config.getString(SightlineConfig.TOPIC_UPLOADED),
                config.getString(SightlineConfig.TOPIC_DESCRIPTORS),
                config.getString(SightlineConfig.TOPIC_DLQ),
                config.getString(SightlineConfig.TOPIC_MATCHES));
    }

    static Properties streamsProperties(SightlineConfig config, String part, int threads) {
        // Client settings first (kafka.* pass-through: TLS, SASL), Sightline's own on top.
        Properties props = KafkaClients.properties(config);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(SightlineConfig.APPLICATION_ID) + "-" + part);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                config.path(SightlineConfig.WORK_DIR)
                        .resolve("streams")
                        .resolve(part)
                        .toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(SightlineConfig.PROCESSING_GUARANTEE));
        // The extract application's commits publish descriptors (exactly-once), so they bound latency; the index
        // application's only make shards durable, so they can be rarer (docs/decisions/019).
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                config.getLong(
                        part.equals(APP_INDEX)
                                ? SightlineConfig.INDEX_COMMIT_INTERVAL_MS
                                : SightlineConfig.COMMIT_INTERVAL_MS));
        String server = config.getString(SightlineConfig.APPLICATION_SERVER);
        if (!server.isBlank() && part.equals(APP_INDEX)) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        if (part.equals(APP_INDEX)) {
            props.put(
                    StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                    config.getInt(SightlineConfig.INDEX_SESSION_TIMEOUT_MS));
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A stream thread that dies (registry or broker down) is replaced without leaving the group, so its
        // partitions wait for the session timeout before the new thread gets them: 15 s instead of Kafka's 45 s
        // (override with kafka.session.timeout.ms).
        if (!props.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 15_000);
        }
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Extraction takes tens of ms per image: small polls keep a batch far below max.poll.interval.ms.
        props.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
                part.equals(APP_EXTRACT) ? 20 : 500);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(SightlineConfig.TOPIC_REPLICATION));
        return props;
    }

    /** Starts processing and waits until every application is RUNNING (partitions assigned, stores open). */
    public StreamsNode start(Duration timeout) {
        awaitRunning(applications(), timeout);
        return this;
    }

    /**
     * Starts copy detection (images.matches) with {@code finder}, the search this node's index serves; it reads
     * the descriptors topic as its own consumer group, one thread.
     */
    public void startMatches(MatchFinder finder, Duration timeout) {
        if (matcher != null) {
            throw new IllegalStateException("copy detection already runs");
        }
        matcher = application(config, APP_MATCHES, errorHandling, topologies.buildMatches(finder), 1);
        awaitRunning(List.of(matcher), timeout);
    }

    private static void awaitRunning(List<KafkaStreams> apps, Duration timeout) {
        CountDownLatch running = new CountDownLatch(apps.size());
        for (KafkaStreams app : apps) {
            AtomicBoolean counted = new AtomicBoolean();
            app.setStateListener((now, before) -> {
                LOG.info("Kafka Streams state {} -> {}", before, now);
                boolean settled = now == KafkaStreams.State.RUNNING
                        || now == KafkaStreams.State.ERROR
                        || now == KafkaStreams.State.PENDING_ERROR;
                if (settled && counted.compareAndSet(false, true)) {
                    running.countDown();
                }
            });
            app.start();
        }
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + timeout + " (states "
                        + apps.stream().map(KafkaStreams::state).toList() + ")");
            }
            if (apps.stream().anyMatch(app -> !app.state().isRunningOrRebalancing())) {
                throw new IllegalStateException("Kafka Streams stopped while starting (states "
                        + apps.stream().map(KafkaStreams::state).toList() + "); the cause is logged above");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka Streams", e);
        }
    }

    private List<KafkaStreams> applications() {
        return Stream.of(extractor, indexer).filter(Objects::nonNull).toList();
    }

    /** All index shards this instance owns, searched as one; empty for an extract-only instance. */
    public IndexShard localShards() {
        if (!role.indexes()) {
            throw new IllegalStateException("an extract-only instance holds no index shards");
        }
        IndexShard view = indexer.store(
                StoreQueryParameters.fromNameAndType(SightlineTopology.INDEX_STORE, new ShardStoreType()));
        return new RetryingShards(view);
    }

    /** The index application, for readiness and lag (null for an extract-only instance). */
    public KafkaStreams indexStreams() {
        return indexer;
    }

    /** The extraction application, for its lag (null for an index-only instance). */
    public KafkaStreams extractStreams() {
        return extractor;
    }

    @Override
    public void close() {
        // Leaving the group lets the partitions move at once instead of after the session timeout (45 s), which
        // is what a restart or a scale-in wants. Copy detection searches the index: it stops first.
        if (matcher != null) {
            matcher.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        applications()
                .forEach(app -> app.close(CloseOptions.timeout(Duration.ofSeconds(30))
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
        if (loaders != null) {
            loaders.shutdownNow();
        }
    }

    /** Rides over the moments of a rebalance when the stores are closed or moving. */
    private record RetryingShards(IndexShard delegate) implements IndexShard {
        private static final int ATTEMPTS = 50;

        @Override
        public java.util.List<io.sightline.index.SearchHit> search(float[] query, int k) {
            return retry(() -> delegate.search(query, k));
        }

        @Override
        public int count() {
            return retry(delegate::count);
        }

        @Override
        public boolean contains(String imageId) {
            return retry(() -> delegate.contains(imageId));
        }

        @Override
        public java.util.Optional<float[]> vector(String imageId) {
            return retry(() -> delegate.vector(imageId));
        }

        @Override
        public java.util.Optional<byte[]> localFeatures(String imageId) {
            return retry(() -> delegate.localFeatures(imageId));
        }

        @Override
        public java.util.List<io.sightline.index.SearchHit> search(io.sightline.index.SearchRequest request) {
            return retry(() -> delegate.search(request));
        }

        @Override
        public java.util.Optional<io.sightline.index.StoredImage> image(String imageId, boolean withThumbnail) {
            return retry(() -> delegate.image(imageId, withThumbnail));
        }

        @Override
        public boolean supports(io.sightline.index.SearchMode mode) {
            return retry(() -> delegate.supports(mode));
        }

        private static <T> T retry(java.util.function.Supplier<T> call) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return call.get();
                } catch (InvalidStateStoreException e) {
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }
}
