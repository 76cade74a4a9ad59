package io.sightline.app.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.search.SystemStatus;

/** The Prometheus registry of an instance with its pipeline gauges: index size, ingest lag, dead letters. */
final class ApiMetrics {
    private ApiMetrics() {}

    static PrometheusMeterRegistry create(SystemStatus status) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gauge.builder("sightline.index.images", status, s -> s.ingest().indexedImages())
                .description("Images searchable on this instance")
                .register(registry);
        Gauge.builder("sightline.dead.letters", status, s -> s.ingest().deadLetters())
                .description("Uploads rejected so far (distinct image ids on the dead-letter topic)")
                .register(registry);
        Gauge.builder(
                        "sightline.ingest.lag.records",
                        status,
                        s -> orNaN(s.ingest().extractLag()))
                .tag("stage", "extract")
                .description("Uploads not yet extracted")
                .register(registry);
        Gauge.builder(
                        "sightline.ingest.lag.records",
                        status,
                        s -> orNaN(s.ingest().indexLag()))
                .tag("stage", "index")
                .description("Descriptors not yet indexed")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        return registry;
    }

    private static double orNaN(long lag) {
        return lag < 0 ? Double.NaN : lag;
    }
}
