package io.sightline.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of Sightline, served by an embedded Javalin (Jetty): search, images, operations and the web page.
 * Every route is listed in {@link #routes()}; the public ones are described in {@code /openapi.json}, the
 * {@link ExtraRoutes} a deployment adds (internal fan-out routes) are not.
 *
 * <p>Lifecycle: construct, {@link #start()} once, {@link #close()} (idempotent). Thread-safe once started.
 */
public final class SearchServer implements AutoCloseable {

    /** Path of the search endpoint. */
    public static final String SEARCH_PATH = "/v1/search";
    /** Path of the health endpoint. */
    public static final String HEALTH_PATH = "/v1/health";

    private static final Logger LOG = LoggerFactory.getLogger(SearchServer.class);
    /** Handler types that are routes (the others are before/after filters). */
    private static final java.util.Set<String> HTTP_METHODS =
            java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final SearchServerConfig config;
    private final Javalin app;
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private State state = State.NEW;

    private enum State {
        NEW,
        STARTED,
        CLOSED
    }

    /**
     * @param config   bind address, limits, keys
     * @param services what the endpoints are wired to
     */
    public SearchServer(SearchServerConfig config, SearchServices services) {
        this(config, services, ExtraRoutes.NONE);
    }

    /** @param extra routes beyond the public API (internal fan-out), behind the same API-key check */
    public SearchServer(SearchServerConfig config, SearchServices services, ExtraRoutes extra) {
        this.config = Objects.requireNonNull(config, "config");
        QueryImageReader reader = new QueryImageReader(config.maxUploadBytes());
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        JsonBody json = new JsonBody(mapper);
        SearchHandler search = new SearchHandler(config, reader, json, services.fetcher(), services.snapshots());
        ImageHandlers images = new ImageHandlers(
                reader,
                json,
                services.uploads(),
                () -> services.snapshots().get().backend());
        OpsHandlers ops = new OpsHandlers(services.status(), services.metrics());
        ProblemMapper problems = new ProblemMapper(mapper, Map.of(SEARCH_PATH, "POST", HEALTH_PATH, "GET, HEAD"));
        HttpMetrics metrics = new HttpMetrics(services.metrics());
        ApiKeyCheck keys = new ApiKeyCheck(config.apiKeys());
        this.app = Javalin.create(cfg -> {
            configure(cfg, reader, problems, mapper, metrics);
            cfg.routes.beforeMatched(ctx -> {
                HttpMetrics.remember(ctx);
                keys.check(ctx);
            });
            cfg.routes.get("/", OpsHandlers.resource("/web/index.html", "text/html; charset=utf-8"));
            cfg.routes.get("/app.js", OpsHandlers.resource("/web/app.js", "text/javascript; charset=utf-8"));
            cfg.routes.get("/style.css", OpsHandlers.resource("/web/style.css", "text/css; charset=utf-8"));
            cfg.routes.get("/openapi.json", OpsHandlers.resource("/openapi.json", "application/json"));
            cfg.routes.get(HEALTH_PATH, ops::health);
            cfg.routes.get("/v1/ready", ops::ready);
            cfg.routes.get("/v1/status", ops::status, Scope.READ);
            cfg.routes.get("/metrics", ops::metrics, Scope.READ);
            cfg.routes.post(SEARCH_PATH, search::search, Scope.READ);
            cfg.routes.post("/v1/images", images::publish, Scope.WRITE);
            cfg.routes.get("/v1/images/{id}", images::metadata, Scope.READ);
            cfg.routes.delete("/v1/images/{id}", images::delete, Scope.WRITE);
            cfg.routes.get("/v1/images/{id}/thumbnail", images::thumbnail, Scope.READ);
            cfg.routes.get("/v1/images/{id}/similar", search::similar, Scope.READ);
            extra.register(cfg.routes);
            problems.register(cfg.routes);
        });
    }

    private void configure(
            JavalinConfig cfg,
            QueryImageReader reader,
            ProblemMapper problems,
            ObjectMapper mapper,
            HttpMetrics metrics) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jsonMapper(new JavalinJackson(mapper, false));
        cfg.http.prefer405over404 = true;
        cfg.http.maxRequestSize = reader.maxMultipartRequestBytes();
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(reader.maxMultipartRequestBytes(), SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize(
                (int) Math.min(config.maxUploadBytes(), 1024 * 1024), SizeUnit.BYTES);
        cfg.router.javaLangErrorHandler(problems::onError);
        JettyProblemErrorHandler jettyErrors = new JettyProblemErrorHandler(mapper);
        cfg.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
        cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
        cfg.events.handlerAdded(info -> {
            if (HTTP_METHODS.contains(info.getHttpMethod().name())) {
                routes.add(info.getHttpMethod().name() + " " + info.getPath());
            }
        });
        if (!config.corsOrigins().isEmpty()) {
            cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                config.corsOrigins().forEach(origin -> rule.allowHost(origin));
                rule.exposeHeader("Location");
            }));
        }
        cfg.requestLogger.http((ctx, ms) -> {
            metrics.record(ctx, ms);
            LOG.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), ms);
        });
    }

    /** Every registered route as {@code METHOD /path} (path parameters as {@code {name}}), for the OpenAPI check. */
    public List<String> routes() {
        return List.copyOf(routes);
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
