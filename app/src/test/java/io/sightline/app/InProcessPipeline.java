package io.sightline.app;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.Producers;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.StreamsNode;
import io.sightline.app.node.UploadPublisher;
import io.sightline.schemas.ImageUploaded;
import io.sightline.streams.RecordSerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/**
 * Both Kafka Streams applications, the real backbone and an upload producer in the test's JVM, wired from a
 * {@link SightlineConfig} the way {@code serve} and {@code ingest} wire them (topics, registry client, kafka.*
 * pass-through settings).
 */
final class InProcessPipeline implements AutoCloseable {
    private final SightlineConfig config;
    private final ExtractionStack extraction;
    private final StreamsNode node;
    private final Producer<String, ImageUploaded> producer;
    private io.sightline.app.node.cluster.ClusterSearch matchSearch;

    private InProcessPipeline(
            SightlineConfig config,
            ExtractionStack extraction,
            StreamsNode node,
            Producer<String, ImageUploaded> producer) {
        this.config = config;
        this.extraction = extraction;
        this.node = node;
        this.producer = producer;
    }

    /**
     * Starts the pipeline; {@code uploadSerdes} (already warmed, or null for fresh ones) lets a test publish while
     * the pipeline's own registry client still has to reach the registry.
     */
    static InProcessPipeline start(SightlineConfig config, RecordSerdes uploadSerdes) {
        TopicSetup.ensureConfigured(config);
        RecordSerdes pipelineSerdes = RegistryConnection.serdes(RegistryConnection.client(config));
        ExtractionStack extraction = ExtractionStack.fromConfig(config);
        StreamsNode node = new StreamsNode(config, StreamsNode.Role.ALL, pipelineSerdes, extraction, Clock.systemUTC())
                .start(Duration.ofMinutes(2));
        Producer<String, ImageUploaded> producer =
                Producers.uploads(config, uploadSerdes != null ? uploadSerdes : pipelineSerdes);
        return new InProcessPipeline(config, extraction, node, producer);
    }

    /** Settings every in-process test shares: small images for speed, file sources under {@code roots}. */
    static Map<String, String> baseSettings(String bootstrap, String registryUrl, Path work, Path... roots) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                SightlineConfig.BOOTSTRAP_SERVERS,
                bootstrap,
                SightlineConfig.SCHEMA_REGISTRY_URL,
                registryUrl,
                SightlineConfig.WORK_DIR,
                work.resolve("state").toString(),
                SightlineConfig.LONGEST_SIDE,
                "256",
                SightlineConfig.MODEL_PATH,
                io.sightline.testing.SharedData.backboneOnnx().toString(),
                SightlineConfig.STREAM_THREADS,
                "2"));
        settings.put(
                SightlineConfig.FETCH_FILE_ROOTS,
                String.join(
                        ",", java.util.Arrays.stream(roots).map(Path::toString).toList()));
        return settings;
    }

    void publish(List<Path> files) {
        new UploadPublisher(producer, config.getString(SightlineConfig.TOPIC_UPLOADED), Clock.systemUTC())
                .publish(files, UploadPublisher.SourceMode.URI, Map.of(), n -> {});
    }

    /** Kafka Streams' failed-stream-threads of the extract application: threads that died (and were replaced). */
    double failedStreamThreads() {
        return metric(node.extractStreams(), "failed-stream-threads");
    }

    /**
     * connection-close-total of every active Kafka client of both applications (main consumers, producers, admin)
     * that has a broker connection open now, by client id: compare with {@link #lostConnections(Map)} later.
     * Restore consumers are left out: they poll only while a store restores, so an idle one never notices.
     */
    Map<String, Double> connectedClients() {
        Map<String, Double> open = clientMetric("connection-count");
        Map<String, Double> closes = clientMetric("connection-close-total");
        Map<String, Double> connected = new java.util.HashMap<>();
        open.forEach((client, count) -> {
            if (count > 0 && !client.endsWith("-restore-consumer")) {
                connected.put(client, closes.getOrDefault(client, 0.0));
            }
        });
        return connected;
    }

    /** Whether every client of {@code before} has since had a broker connection closed (or is gone). */
    boolean lostConnections(Map<String, Double> before) {
        Map<String, Double> closes = clientMetric("connection-close-total");
        return before.entrySet().stream()
                .allMatch(e -> closes.getOrDefault(e.getKey(), Double.MAX_VALUE) > e.getValue());
    }

    private Map<String, Double> clientMetric(String name) {
        Map<String, Double> byClient = new java.util.HashMap<>();
        for (org.apache.kafka.streams.KafkaStreams streams : List.of(node.extractStreams(), node.indexStreams())) {
            streams.metrics().values().stream()
                    .filter(m -> m.metricName().name().equals(name)
                            && m.metricName().tags().containsKey("client-id"))
                    .forEach(m -> byClient.merge(
                            m.metricName().tags().get("client-id"),
                            ((Number) m.metricValue()).doubleValue(),
                            Double::sum));
        }
        return byClient;
    }

    private static double metric(org.apache.kafka.streams.KafkaStreams streams, String name) {
        return streams.metrics().values().stream()
                .filter(m -> m.metricName().name().equals(name))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
                .sum();
    }

    int indexed() {
        return node.localShards().count();
    }

    /** Starts copy detection (matches.publish) over this node's search, as a served generation does. */
    void startMatches() {
        io.sightline.match.MatchThresholds matching = io.sightline.app.node.SearchEndpoint.matching(config, extraction);
        matchSearch = io.sightline.app.node.SearchEndpoint.cluster(config, node, matching);
        node.startMatches(
                io.sightline.app.node.SearchEndpoint.matchFinder(config, matchSearch, matching, Clock.systemUTC()),
                Duration.ofMinutes(2));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        node.close();
        if (matchSearch != null) {
            matchSearch.close();
        }
        extraction.close();
    }
}
