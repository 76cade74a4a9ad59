package io.sightline.app.node.generation;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.KafkaClients;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.SearchEndpoint;
import io.sightline.app.node.StreamsNode;
import io.sightline.app.node.cluster.ClusterSearch;
import io.sightline.bundle.BundleDigest;
import io.sightline.bundle.BundleException;
import io.sightline.bundle.ModelBundle;
import io.sightline.match.MatchThresholds;
import io.sightline.streams.RecordSerdes;
import io.sightline.streams.index.IndexShard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Verifies a model and starts its generation: descriptors topic, extraction, Streams applications, snapshot. */
public final class GenerationFactory {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationFactory.class);

    private final SightlineConfig base;
    private final StreamsNode.Role role;
    private final RecordSerdes serdes;
    private final Clock clock;
    private final Duration startTimeout;

    public GenerationFactory(
            SightlineConfig base, StreamsNode.Role role, RecordSerdes serdes, Clock clock, Duration startTimeout) {
        this.base = base;
        this.role = role;
        this.serdes = serdes;
        this.clock = clock;
        this.startTimeout = startTimeout;
    }

    /**
     * Fails with a {@link BundleException} naming the model when the bundle is missing, unreadable, not what was
     * published (digest, version) or its backbone does not match its manifest.
     */
    public static ModelBundle verify(GenerationSpec spec) {
        Path bundle = spec.bundlePath();
        String actual = BundleDigest.sha256(bundle);
        if (!actual.equalsIgnoreCase(spec.sha256())) {
            throw new BundleException("model " + spec.version() + ": bundle " + bundle + " has sha256 " + actual
                    + ", models.published says " + spec.sha256());
        }
        ModelBundle read = ModelBundle.read(bundle).verifyBackbone();
        if (!read.version().equals(spec.version())) {
            throw new BundleException(
                    "model " + spec.version() + ": bundle " + bundle + " is version " + read.version());
        }
        return read;
    }

    /** Starts the generation and waits until its applications run; closes what it opened if that fails. */
    public Generation start(Optional<GenerationSpec> spec) {
        spec.ifPresent(GenerationFactory::verify);
        SightlineConfig config = GenerationLayout.configFor(base, spec);
        ensureDescriptorTopic(config);
        ExtractionStack extraction = ExtractionStack.fromConfig(config);
        StreamsNode node = null;
        try {
            boolean searches = role != StreamsNode.Role.EXTRACT;
            // Resolved once, before anything starts: this generation's snapshot, copies-first ranking and copy
            // detector read the same levels, and thresholds that do not combine stop it here.
            Optional<MatchThresholds> matching =
                    searches ? Optional.of(SearchEndpoint.matching(config, extraction)) : Optional.empty();
            node = new StreamsNode(config, role, serdes, extraction, clock).start(startTimeout);
            Optional<IndexShard> shards = searches ? Optional.of(node.localShards()) : Optional.empty();
            StreamsNode started = node;
            Optional<ClusterSearch> cluster = matching.map(m -> SearchEndpoint.cluster(config, started, m));
            if (cluster.isPresent() && config.getBoolean(SightlineConfig.MATCHES_PUBLISH)) {
                started.startMatches(
                        SearchEndpoint.matchFinder(config, cluster.get(), matching.orElseThrow(), clock), startTimeout);
            }
            Generation generation = new Generation(
                    spec,
                    extraction.extractor().modelVersion(),
                    config,
                    extraction,
                    node,
                    shards,
                    cluster,
                    cluster.map(c -> SearchEndpoint.snapshot(extraction, c, matching.orElseThrow())));
            LOG.info(
                    "Generation {} started: topic {}, applications {}-extract/-index",
                    generation.describe(),
                    config.getString(SightlineConfig.TOPIC_DESCRIPTORS),
                    config.getString(SightlineConfig.APPLICATION_ID));
            return generation;
        } catch (RuntimeException e) {
            if (node != null) {
                node.close();
            }
            extraction.close();
            throw e;
        }
    }

    private static void ensureDescriptorTopic(SightlineConfig config) {
        try (Admin admin = Admin.create(KafkaClients.settings(config))) {
            new TopicSetup(admin)
                    .ensure(List.of(TopicSetup.descriptorTopic(
                            config.getString(SightlineConfig.TOPIC_DESCRIPTORS),
                            config.getInt(SightlineConfig.TOPIC_PARTITIONS),
                            config.getShort(SightlineConfig.TOPIC_REPLICATION))));
        }
    }
}
