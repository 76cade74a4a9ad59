package io.sightline.search;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the HTTP API is wired to.
 *
 * @param encoder      query image bytes to descriptor
 * @param fetcher      query image by URL
 * @param backend      searches, image metadata, thumbnails, stored vectors
 * @param uploads      publishes upload events and tombstones
 * @param status       readiness and ingest progress
 * @param modelVersion the model serving queries, read per request
 * @param metrics      the registry {@code /metrics} scrapes; the server adds its request timers to it
 */
public record SearchServices(QueryEncoder encoder, QueryImageFetcher fetcher, SearchBackend backend,
                             UploadSink uploads, SystemStatus status, Supplier<String> modelVersion,
                             PrometheusMeterRegistry metrics) {
    public SearchServices {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(fetcher, "fetcher");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(metrics, "metrics");
    }
}
