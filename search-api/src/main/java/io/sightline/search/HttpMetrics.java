package io.sightline.search;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Request rate and latency per route as one Micrometer timer with a percentile histogram
 * ({@code sightline_http_requests_seconds_bucket/_count/_sum} in Prometheus).
 */
final class HttpMetrics {
    static final String ROUTE_ATTRIBUTE = "sightline.route";

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Remembers the matched route template (e.g. {@code /v1/images/{id}}), so ids do not explode the tag space. */
    static void remember(Context ctx) {
        try {
            ctx.attribute(ROUTE_ATTRIBUTE, ctx.endpoints().matchedHttpEndpoint().path);
        } catch (RuntimeException e) {
            // HEAD answered by a GET route has no HTTP endpoint of its own: counted as unmatched.
        }
    }

    void record(Context ctx, float millis) {
        String route = ctx.attribute(ROUTE_ATTRIBUTE);
        Timer.builder("sightline.http.requests")
                .description("HTTP requests by method, route and status")
                .tags(
                        "method",
                        ctx.method().name(),
                        "route",
                        route == null ? "unmatched" : route,
                        "status",
                        Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
    }
}
