package io.sightline.app.node;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.app.config.MatchThresholdsResolver;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.KafkaClients;
import io.sightline.app.node.cluster.ClusterSearch;
import io.sightline.app.node.generation.Generation;
import io.sightline.app.node.generation.GenerationManager;
import io.sightline.backbone.ExtractionException;
import io.sightline.descriptor.Descriptor;
import io.sightline.eval.PostProcessing;
import io.sightline.expansion.QueryExpansion;
import io.sightline.image.ImageLoadException;
import io.sightline.match.MatchThresholds;
import io.sightline.schemas.ImageUploaded;
import io.sightline.search.ApiKeys;
import io.sightline.search.ExpandedSearch;
import io.sightline.search.QueryEncoder;
import io.sightline.search.QueryImageFetcher;
import io.sightline.search.QueryRejectedException;
import io.sightline.search.SearchBackend;
import io.sightline.search.SearchServer;
import io.sightline.search.SearchServerConfig;
import io.sightline.search.SearchServices;
import io.sightline.search.SearchSnapshot;
import io.sightline.streams.RecordSerdes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of an indexing instance, wired to the real decoder and extractor, this instance's shards, the uploads
 * topic, the dead-letter topic and Kafka Streams' state. Owns what it opens (producer, dead-letter watcher, server).
 */
public final class SearchEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchEndpoint.class);

    private final SearchServer server;
    private final DeadLetterCounter deadLetters;
    private final List<AutoCloseable> opened;

    private SearchEndpoint(SearchServer server, DeadLetterCounter deadLetters, List<AutoCloseable> opened) {
        this.server = server;
        this.deadLetters = deadLetters;
        this.opened = opened;
    }

    /**
     * Serves the generation {@code generations} holds at each request: the served model can change between
     * requests, never within one (docs/decisions/013).
     */
    public static SearchEndpoint start(SightlineConfig config, GenerationManager generations, RecordSerdes serdes) {
        return start(config, generations::current, serdes, List.of());
    }

    /** One fixed generation: this extraction and this node's shards (tests, tools). */
    public static SearchEndpoint start(
            SightlineConfig config, ExtractionStack extraction, StreamsNode node, RecordSerdes serdes) {
        MatchThresholds matching = matching(config, extraction);
        ClusterSearch cluster = cluster(config, node, matching);
        Generation fixed = new Generation(
                Optional.empty(),
                extraction.extractor().modelVersion(),
                config,
                extraction,
                node,
                Optional.of(node.localShards()),
                Optional.of(cluster),
                Optional.of(snapshot(extraction, cluster, matching)));
        try {
            return start(config, () -> fixed, serdes, List.of(cluster));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * @param alsoClose what the endpoint owns beyond what it opens itself (closed with it)
     */
    private static SearchEndpoint start(
            SightlineConfig config, Supplier<Generation> current, RecordSerdes serdes, List<AutoCloseable> alsoClose) {
        Supplier<SearchSnapshot> snapshots = () -> current.get()
                .search()
                .orElseThrow(() -> new IllegalStateException("an extract-only instance serves no searches"));
        List<AutoCloseable> opened = new ArrayList<>(alsoClose);
        try {
            DeadLetterCounter deadLetters = track(
                    opened,
                    new DeadLetterCounter(
                            KafkaClients.settings(config),
                            config.getString(SightlineConfig.TOPIC_DLQ),
                            serdes.deadLetters().deserializer()));
            Producer<String, ImageUploaded> producer = track(opened, Producers.uploads(config, serdes));
            StreamsStatus status = new StreamsStatus(
                    () -> current.get().node(),
                    config.getString(SightlineConfig.TOPIC_UPLOADED),
                    () -> current.get().config().getString(SightlineConfig.TOPIC_DESCRIPTORS),
                    () -> snapshots.get().backend(),
                    deadLetters);
            PrometheusMeterRegistry metrics = ApiMetrics.create(status);
            opened.add(metrics::close);
            SearchServices services = new SearchServices(
                    snapshots,
                    fetcher(() -> current.get().extraction()),
                    new KafkaUploadSink(producer, config.getString(SightlineConfig.TOPIC_UPLOADED), Clock.systemUTC()),
                    status,
                    metrics);
            SearchServer server = track(
                    opened,
                    new SearchServer(
                                    serverConfig(config),
                                    services,
                                    ClusterSearch.internalRoutes(
                                            config,
                                            () -> current.get().cluster().flatMap(ClusterSearch::local)))
                            .start());
            return new SearchEndpoint(server, deadLetters, opened);
        } catch (RuntimeException e) {
            Resources.closeAll(opened, "the search endpoint");
            throw e;
        }
    }

    public SearchServer server() {
        return server;
    }

    public DeadLetterCounter deadLetters() {
        return deadLetters;
    }

    static SearchServerConfig serverConfig(SightlineConfig config) {
        return new SearchServerConfig(
                config.getString(SightlineConfig.HTTP_HOST),
                config.getInt(SightlineConfig.HTTP_PORT),
                config.getLong(SightlineConfig.HTTP_MAX_UPLOAD_BYTES),
                config.getInt(SightlineConfig.SEARCH_DEFAULT_K),
                config.getInt(SightlineConfig.SEARCH_MAX_K),
                ApiKeys.parse(config.getList(SightlineConfig.HTTP_API_KEYS)),
                config.getList(SightlineConfig.HTTP_CORS_ORIGINS).stream()
                        .filter(o -> !o.isBlank())
                        .toList());
    }

    /**
     * The match-level thresholds one generation serves with, resolved once per generation
     * ({@link ExtractionStack#matching}: keys set, else the bundle's calibration, else the defaults) and handed to
     * its snapshot, its expanded search (copies first) and its copy detector alike.
     */
    public static MatchThresholds matching(SightlineConfig config, ExtractionStack extraction) {
        MatchThresholdsResolver.Resolved resolved = extraction.matching(config);
        LOG.info("model {} match levels: {}", extraction.extractor().modelVersion(), resolved.describe());
        return resolved.thresholds();
    }

    /** How a node's shards are searched: across every instance's (fan-out) with application.server, else its own. */
    public static ClusterSearch cluster(SightlineConfig config, StreamsNode node, MatchThresholds matching) {
        return ClusterSearch.create(config, node.indexStreams(), node.localShards(), expandedSearch(config, matching));
    }

    /** The model version, query encoder and search backend of one extraction stack and its cluster search. */
    public static SearchSnapshot snapshot(ExtractionStack extraction, ClusterSearch cluster, MatchThresholds matching) {
        return snapshot(extraction, cluster.backend(), matching);
    }

    /** One extraction stack's snapshot over {@code backend} (a cluster's, or one shard's in tests and tools). */
    public static SearchSnapshot snapshot(ExtractionStack extraction, SearchBackend backend, MatchThresholds matching) {
        return new SearchSnapshot(extraction.extractor().modelVersion(), encoder(extraction), backend, matching);
    }

    /**
     * Query expansion and SuperGlobal re-ranking (qe=false in a request turns both off), database-side augmentation and verification as
     * configured; copies of the query (at {@code matching}'s near-duplicate level) first.
     */
    public static ExpandedSearch expandedSearch(SightlineConfig config, MatchThresholds matching) {
        QueryExpansion expansion =
                PostProcessing.parseQueryExpansion(config.getString(SightlineConfig.SEARCH_QUERY_EXPANSION));
        return new ExpandedSearch(
                expansion,
                expansion.neighbours(),
                PostProcessing.parseAugmentation(config.getString(SightlineConfig.SEARCH_DBA)),
                config.getInt(SightlineConfig.SEARCH_DBA_SHORTLIST),
                matching,
                config.verification(),
                io.sightline.expansion.SuperGlobalRerank.parse(config.getString(SightlineConfig.SEARCH_SUPERGLOBAL)));
    }

    /** Copy detection through the cluster's verified search (matches.publish), at the generation's thresholds. */
    public static io.sightline.streams.matches.MatchFinder matchFinder(
            SightlineConfig config, ClusterSearch cluster, MatchThresholds matching, java.time.Clock clock) {
        return new SearchMatchFinder(
                cluster.backend(), matching, config.verification().rule().minInliers(), clock);
    }

    /** Query images go through exactly the pipeline's decoder and extractor. */
    static QueryEncoder encoder(ExtractionStack extraction) {
        return new QueryEncoder() {
            @Override
            public float[] encode(byte[] imageBytes) throws QueryRejectedException {
                return describe(imageBytes).vector();
            }

            @Override
            public Encoded describe(byte[] imageBytes) throws QueryRejectedException {
                try {
                    var decoded = extraction
                            .decoder()
                            .decode(imageBytes, extraction.extractor().largestInputSide());
                    Descriptor d = extraction.extractor().describe(decoded.image());
                    // Local features in the query's own pixels, as the index stores them (matches are drawn there).
                    return new Encoded(
                            d.vector(),
                            d.local().map(l -> l.rescaledTo(decoded.sourceWidth(), decoded.sourceHeight())));
                } catch (ImageLoadException e) {
                    throw new QueryRejectedException("query image rejected: " + e.getMessage(), 422, e);
                } catch (ExtractionException e) {
                    throw new QueryRejectedException("could not describe the query image: " + e.getMessage(), 422, e);
                }
            }
        };
    }

    /** Query URLs go through the pipeline's fetcher and its fetch policy (no private addresses by default). */
    static QueryImageFetcher fetcher(Supplier<ExtractionStack> extraction) {
        return url -> {
            try {
                return extraction.get().fetcher().fetch(new URI(url));
            } catch (URISyntaxException e) {
                throw new QueryRejectedException("'url' is not a valid URI", 400, e);
            } catch (ImageLoadException e) {
                throw new QueryRejectedException("could not fetch the query image: " + e.getMessage(), 422, e);
            }
        };
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> opened, T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void close() {
        Resources.closeAll(opened, "the search endpoint");
    }
}
