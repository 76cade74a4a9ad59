package io.sightline.app.node;

import io.sightline.search.SearchBackend;
import io.sightline.search.SystemStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;

/**
 * Readiness and ingest progress from the Kafka Streams applications of this instance.
 *
 * <p>Ready means: the index application is RUNNING and every local shard has replayed its partition of the
 * descriptors topic up to the end (store offset lag 0: a rebuilt or moved shard is complete). Lags come from the
 * stream threads' own consumers ({@code records-lag}, which counts records, not transaction markers).
 */
final class StreamsStatus implements SystemStatus {
    private final Supplier<StreamsNode> node;
    private final String uploadsTopic;
    private final Supplier<String> descriptorsTopic;
    private final Supplier<SearchBackend> backend;
    private final DeadLetterCounter deadLetters;

    /**
     * Suppliers, read on every call, because the served index generation (its applications, its descriptors topic,
     * its shards) can be replaced while the instance runs.
     */
    StreamsStatus(
            Supplier<StreamsNode> node,
            String uploadsTopic,
            Supplier<String> descriptorsTopic,
            Supplier<SearchBackend> backend,
            DeadLetterCounter deadLetters) {
        this.node = node;
        this.uploadsTopic = uploadsTopic;
        this.descriptorsTopic = descriptorsTopic;
        this.backend = backend;
        this.deadLetters = deadLetters;
    }

    @Override
    public Readiness readiness() {
        KafkaStreams indexer = node.get().indexStreams();
        KafkaStreams.State state = indexer.state();
        Map<String, Object> details = new LinkedHashMap<>();
        boolean restored = true;
        if (state == KafkaStreams.State.RUNNING) {
            try {
                for (Map<Integer, LagInfo> byPartition :
                        indexer.allLocalStorePartitionLags().values()) {
                    for (Map.Entry<Integer, LagInfo> lag : byPartition.entrySet()) {
                        details.put(
                                "partition-" + lag.getKey() + "-restore-lag",
                                lag.getValue().offsetLag());
                        restored &= lag.getValue().offsetLag() == 0;
                    }
                }
            } catch (RuntimeException e) {
                // Stores are being moved by a rebalance right now: not ready, ask again shortly.
                details.put("stores", "rebalancing");
                restored = false;
            }
        }
        details.put("indexLag", lag(indexer, descriptorsTopic.get()));
        return new Readiness(state == KafkaStreams.State.RUNNING && restored, state.name(), details);
    }

    @Override
    public IngestStatus ingest() {
        StreamsNode current = node.get();
        KafkaStreams extractor = current.extractStreams();
        return new IngestStatus(
                backend.get().indexSize(),
                deadLetters.count(),
                extractor == null ? -1 : lag(extractor, uploadsTopic),
                lag(current.indexStreams(), descriptorsTopic.get()));
    }

    /** Records not yet consumed by the application's stream threads on {@code topic}; -1 while unknown. */
    static long lag(KafkaStreams streams, String topic) {
        long total = 0;
        boolean known = false;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName name = metric.getKey();
            String client = name.tags().getOrDefault("client-id", "");
            if (name.name().equals("records-lag")
                    && topic.equals(name.tags().get("topic"))
                    && client.endsWith("-consumer")
                    && !client.endsWith("restore-consumer")) {
                Object value = metric.getValue().metricValue();
                if (value instanceof Double d && !d.isNaN()) {
                    total += (long) Math.max(0, d);
                    known = true;
                }
            }
        }
        return known ? total : -1;
    }
}
