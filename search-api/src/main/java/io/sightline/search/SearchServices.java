package io.sightline.search;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the HTTP API is wired to.
 *
 * @param snapshots the serving model generation (version, query encoder, search backend), taken once per request
 *                  so a request never mixes two generations (docs/decisions/013)
 * @param fetcher   query image by URL
 * @param uploads   publishes upload events and tombstones
 * @param status    readiness and ingest progress
 * @param metrics   the registry {@code /metrics} scrapes; the server adds its request timers to it
 */
public record SearchServices(
        Supplier<SearchSnapshot> snapshots,
        QueryImageFetcher fetcher,
        UploadSink uploads,
        SystemStatus status,
        PrometheusMeterRegistry metrics) {
    public SearchServices {
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(fetcher, "fetcher");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** One fixed generation: this encoder and backend, the version read per request. */
    public SearchServices(
            QueryEncoder encoder,
            QueryImageFetcher fetcher,
            SearchBackend backend,
            UploadSink uploads,
            SystemStatus status,
            Supplier<String> modelVersion,
            PrometheusMeterRegistry metrics) {
        this(() -> new SearchSnapshot(modelVersion.get(), encoder, backend), fetcher, uploads, status, metrics);
    }
}
