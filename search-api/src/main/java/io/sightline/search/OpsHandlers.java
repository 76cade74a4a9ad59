package io.sightline.search;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Health, readiness, status for the page, Prometheus metrics, the OpenAPI document and the web page's files. */
final class OpsHandlers {
    private final SystemStatus status;
    private final PrometheusMeterRegistry metrics;

    OpsHandlers(SystemStatus status, PrometheusMeterRegistry metrics) {
        this.status = Objects.requireNonNull(status, "status");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    void health(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    /** 200 when ready, 503 otherwise; the body says what was checked either way. */
    void ready(Context ctx) {
        SystemStatus.Readiness readiness = status.readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", readiness.ready());
        body.put("state", readiness.state());
        body.put("details", readiness.details());
        ctx.status(readiness.ready() ? 200 : 503).json(body);
    }

    void status(Context ctx) {
        SystemStatus.IngestStatus ingest = status.ingest();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("indexedImages", ingest.indexedImages());
        body.put("deadLetters", ingest.deadLetters());
        body.put("extractLag", ingest.extractLag());
        body.put("indexLag", ingest.indexLag());
        body.put("ready", status.readiness().ready());
        ctx.json(body);
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    /** A classpath resource served with its content type; read once at start-up. */
    static io.javalin.http.Handler resource(String path, String contentType) {
        byte[] bytes;
        try (InputStream in = OpsHandlers.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the search-api jar: " + path);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
        return ctx -> ctx.contentType(contentType).result(bytes);
    }
}
