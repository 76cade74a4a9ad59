package io.sightline.app.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.search.SystemStatus;
import io.sightline.streams.ingest.StageCpuTotals;

/**
 * The Prometheus registry of an instance with its pipeline gauges (index size, ingest lag, dead letters) and the
 * ingest stages' CPU ({@link StageCpuTotals}).
 */
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
        for (String stage : StageCpuTotals.stages()) {
            FunctionCounter.builder(
                            "sightline.ingest.cpu",
                            stage,
                            s -> StageCpuTotals.now().getOrDefault(StageCpuTotals.cpuMetric(s), 0.0) / 1e9)
                    .tag("stage", stage)
                    .baseUnit("seconds")
                    .description("CPU the ingest tasks of this instance spent in a stage, on the threads that ran it")
                    .register(registry);
        }
        FunctionCounter.builder(
                        "sightline.ingest.images",
                        StageCpuTotals.IMAGES,
                        m -> StageCpuTotals.now().getOrDefault(m, 0.0))
                .description("Uploads the ingest tasks of this instance sent through the backbone")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        return registry;
    }

    private static double orNaN(long lag) {
        return lag < 0 ? Double.NaN : lag;
    }
}
