package io.sightline.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import io.sightline.index.VectorSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HTTP search API: {@code POST /v1/search} and {@code GET /v1/health}, served by an embedded Javalin (Jetty).
 *
 * <p>Lifecycle: construct, {@link #start()} once, {@link #close()} (idempotent). Thread-safe once started.
 */
public final class SearchServer implements AutoCloseable {

    /** Path of the search endpoint. */
    public static final String SEARCH_PATH = "/v1/search";
    /** Path of the health endpoint. */
    public static final String HEALTH_PATH = "/v1/health";

    private static final Logger LOG = LoggerFactory.getLogger(SearchServer.class);

    private final SearchServerConfig config;
    private final Javalin app;
    private State state = State.NEW;

    private enum State { NEW, STARTED, CLOSED }

    /**
     * @param config       bind address and limits
     * @param encoder      turns query image bytes into a descriptor
     * @param searcher     answers top-k queries
     * @param modelVersion the version of the model currently serving queries, read on every request
     */
    public SearchServer(SearchServerConfig config, QueryEncoder encoder, VectorSearcher searcher,
                        Supplier<String> modelVersion) {
        this(config, () -> new SearchSnapshot(modelVersion.get(), encoder, searcher));
    }

    /**
     * @param config    bind address and limits
     * @param snapshots the current model version, encoder and index, taken once per request (index generations)
     */
    public SearchServer(SearchServerConfig config, Supplier<SearchSnapshot> snapshots) {
        this.config = Objects.requireNonNull(config, "config");
        QueryImageReader reader = new QueryImageReader(config.maxUploadBytes());
        SearchHandler search = new SearchHandler(config, reader, snapshots);
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ProblemMapper problems = new ProblemMapper(mapper, Map.of(SEARCH_PATH, "POST", HEALTH_PATH, "GET, HEAD"));
        this.app = Javalin.create(cfg -> configure(cfg, reader, search, problems, mapper));
    }

    private void configure(JavalinConfig cfg, QueryImageReader reader, SearchHandler search, ProblemMapper problems,
                           ObjectMapper mapper) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jsonMapper(new JavalinJackson(mapper, false));
        cfg.http.prefer405over404 = true;
        cfg.http.maxRequestSize = reader.maxMultipartRequestBytes();
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(reader.maxMultipartRequestBytes(), SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(config.maxUploadBytes(), 1024 * 1024),
                SizeUnit.BYTES);
        cfg.router.javaLangErrorHandler(problems::onError);
        JettyProblemErrorHandler jettyErrors = new JettyProblemErrorHandler(mapper);
        cfg.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
        cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
        cfg.requestLogger.http((ctx, ms) -> LOG.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(),
                ctx.statusCode(), ms));
        cfg.routes.get(HEALTH_PATH, ctx -> ctx.json(Map.of("status", "UP")));
        cfg.routes.post(SEARCH_PATH, search);
        problems.register(cfg.routes);
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this server
     * @throws IllegalStateException if already started or closed
     */
    public synchronized SearchServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("SearchServer can be started once, state is " + state);
        }
        app.start();
        state = State.STARTED;
        LOG.info("Search API listening on {}", url());
        return this;
    }

    /**
     * @return the bound port (the ephemeral one when configured with port 0)
     * @throws IllegalStateException if not started
     */
    public synchronized int port() {
        if (state != State.STARTED) {
            throw new IllegalStateException("SearchServer is not running, state is " + state);
        }
        return app.port();
    }

    /** @return the base URL, e.g. {@code http://127.0.0.1:43121/}; wildcard hosts are reported as localhost */
    public URI url() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "localhost";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Stops serving; idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.STARTED) {
            app.stop();
            LOG.info("Search API stopped");
        }
        state = State.CLOSED;
    }
}
