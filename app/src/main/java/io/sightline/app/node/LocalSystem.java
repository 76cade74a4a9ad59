package io.sightline.app.node;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.EmbeddedPlatform;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.generation.CurrentShards;
import io.sightline.app.node.generation.GenerationManager;
import io.sightline.app.node.generation.NodeGenerations;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.ImageUploaded;
import io.sightline.search.SearchServer;
import io.sightline.streams.RecordSerdes;
import io.sightline.streams.index.IndexShard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.producer.Producer;

/**
 * Everything in one JVM on embedded defaults: broker, registry, both Kafka Streams applications, the search
 * endpoint, a dead-letter watcher and a producer of upload events. What {@code demo} and {@code bench ingest} run.
 */
public final class LocalSystem implements AutoCloseable {
    private final EmbeddedPlatform platform;
    private final SightlineConfig config;
    private final RecordSerdes serdes;
    private final NodeGenerations generations;
    private final SearchServer server;
    private final DeadLetterCounter deadLetters;
    private final Producer<String, ImageUploaded> producer;
    private final List<AutoCloseable> opened;

    private LocalSystem(
            EmbeddedPlatform platform,
            SightlineConfig config,
            RecordSerdes serdes,
            NodeGenerations generations,
            SearchServer server,
            DeadLetterCounter deadLetters,
            Producer<String, ImageUploaded> producer,
            List<AutoCloseable> opened) {
        this.platform = platform;
        this.config = config;
        this.serdes = serdes;
        this.generations = generations;
        this.server = server;
        this.deadLetters = deadLetters;
        this.producer = producer;
        this.opened = opened;
    }

    /**
     * Starts everything with its state under {@code dataDir}.
     *
     * @param configure turns the platform's addresses into the configuration to run with
     * @param fresh     delete what an earlier run left in {@code dataDir} first
     */
    public static LocalSystem start(
            Path dataDir,
            boolean fresh,
            int kafkaPort,
            int registryPort,
            java.util.function.Function<Map<String, String>, SightlineConfig> configure) {
        if (fresh) {
            deleteRecursively(dataDir);
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            EmbeddedPlatform platform = track(opened, EmbeddedPlatform.start(dataDir, kafkaPort, registryPort));
            SightlineConfig config = configure.apply(Map.of(
                    SightlineConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers(),
                    SightlineConfig.SCHEMA_REGISTRY_URL, platform.registryUrl().toString(),
                    SightlineConfig.WORK_DIR, dataDir.toString()));
            TopicSetup.ensureConfigured(config);
            SchemaRegistry registry = RegistryConnection.client(config);
            RecordSerdes serdes = RegistryConnection.serdes(registry);
            // Index generations (docs/decisions/013): the served one is swapped when a new model is published.
            NodeGenerations generations = track(
                    opened,
                    NodeGenerations.start(
                            config, StreamsNode.Role.ALL, serdes, registry, Clock.systemUTC(), Duration.ofMinutes(2)));
            SearchEndpoint endpoint = track(opened, SearchEndpoint.start(config, generations.manager(), serdes));
            SearchServer server = endpoint.server();
            DeadLetterCounter deadLetters = endpoint.deadLetters();
            Producer<String, ImageUploaded> producer = track(opened, Producers.uploads(config, serdes));
            return new LocalSystem(platform, config, serdes, generations, server, deadLetters, producer, opened);
        } catch (RuntimeException e) {
            Resources.closeAll(opened, "the local system");
            throw e;
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> opened, T resource) {
        opened.add(resource);
        return resource;
    }

    public EmbeddedPlatform platform() {
        return platform;
    }

    public SightlineConfig config() {
        return config;
    }

    /** The extraction of the generation served now. */
    public ExtractionStack extraction() {
        return generations.manager().current().extraction();
    }

    public GenerationManager generations() {
        return generations.manager();
    }

    public SearchServer server() {
        return server;
    }

    /** The shards of whichever generation is current at each call. */
    public IndexShard shards() {
        return new CurrentShards(generations.manager());
    }

    public DeadLetterCounter deadLetters() {
        return deadLetters;
    }

    public UploadPublisher publisher() {
        return new UploadPublisher(producer, config.getString(SightlineConfig.TOPIC_UPLOADED), Clock.systemUTC());
    }

    @Override
    public void close() {
        Resources.closeAll(opened, "the local system");
    }

    private static void deleteRecursively(Path dir) {
        try {
            FileUtils.deleteDirectory(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
