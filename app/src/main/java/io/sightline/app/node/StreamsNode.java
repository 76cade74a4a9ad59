package io.sightline.app.node;

import io.sightline.app.config.SightlineConfig;
import io.sightline.index.VectorFormat;
import io.sightline.streams.RecordSerdes;
import io.sightline.streams.SightlineTopology;
import io.sightline.streams.Topics;
import io.sightline.streams.index.IndexShard;
import io.sightline.streams.index.ShardStoreType;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Kafka Streams instance running Sightline's topology in the given role, and its local index shards. */
public final class StreamsNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsNode.class);

    /** Which sub-topologies this instance runs. */
    public enum Role {
        ALL, EXTRACT, INDEX;

        boolean extracts() {
            return this != INDEX;
        }

        boolean indexes() {
            return this != EXTRACT;
        }
    }

    private final KafkaStreams streams;
    private final Role role;

    public StreamsNode(SightlineConfig config, Role role, RecordSerdes serdes, ExtractionStack extraction,
                       Clock clock) {
        this.role = role;
        Topics topics = topics(config);
        Optional<SightlineTopology.IngestStage> ingest = role.extracts()
                ? Optional.of(new SightlineTopology.IngestStage(
                        new io.sightline.streams.ingest.ImageSourceLoader(extraction.fetcher(), extraction.limits()),
                        extraction.decoder(), extraction.extractor()))
                : Optional.empty();
        Optional<SightlineTopology.IndexStage> index = role.indexes()
                ? Optional.of(new SightlineTopology.IndexStage(extraction.extractor().dimension(),
                        VectorFormat.valueOf(config.getString(SightlineConfig.INDEX_VECTOR_FORMAT))))
                : Optional.empty();
        Topology topology = new SightlineTopology(topics, serdes, clock).build(ingest, index);
        LOG.info("Topology role={}\n{}", role, topology.describe());
        this.streams = new KafkaStreams(topology, streamsProperties(config, role));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread died; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public static Topics topics(SightlineConfig config) {
        return new Topics(config.getString(SightlineConfig.TOPIC_UPLOADED),
                config.getString(SightlineConfig.TOPIC_DESCRIPTORS), config.getString(SightlineConfig.TOPIC_DLQ));
    }

    static Properties streamsProperties(SightlineConfig config, Role role) {
        Properties props = new Properties();
        String appId = config.getString(SightlineConfig.APPLICATION_ID);
        // Extract-only workers form their own group so they scale apart from index/search nodes.
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, role == Role.EXTRACT ? appId + "-extract" : appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SightlineConfig.BOOTSTRAP_SERVERS));
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                config.path(SightlineConfig.WORK_DIR).resolve("streams").resolve(role.name().toLowerCase()).toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(SightlineConfig.STREAM_THREADS));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(SightlineConfig.COMMIT_INTERVAL_MS));
        String server = config.getString(SightlineConfig.APPLICATION_SERVER);
        if (!server.isBlank()) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Extraction takes tens of ms per image: keep polls small so a batch never exceeds max.poll.interval.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(SightlineConfig.TOPIC_REPLICATION));
        return props;
    }

    /** Starts processing and waits until the instance is RUNNING (partitions assigned, stores open). */
    public StreamsNode start(Duration timeout) {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + timeout + " (state "
                        + streams.state() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka Streams", e);
        }
        return this;
    }

    /** All index shards this instance owns, searched as one; empty for an extract-only instance. */
    public IndexShard localShards() {
        if (!role.indexes()) {
            throw new IllegalStateException("an extract-only instance holds no index shards");
        }
        IndexShard view = streams.store(StoreQueryParameters.fromNameAndType(SightlineTopology.INDEX_STORE,
                new ShardStoreType()));
        return new RetryingShards(view);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
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
