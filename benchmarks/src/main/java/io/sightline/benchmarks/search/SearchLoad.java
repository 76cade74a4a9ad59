package io.sightline.benchmarks.search;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load on search endpoints: {@code concurrency} workers each send the next request as soon as
 * their previous one answered, until {@code requests} are done; requests go round-robin over the URLs and queries.
 * Bounded by the request count and a per-request timeout, so it always ends.
 */
public final class SearchLoad {

    /**
     * One search to send.
     *
     * @param body        request body
     * @param contentType its content type ({@code image/jpeg} for an image, {@code application/json} for an id)
     */
    public record Query(byte[] body, String contentType) {
        public Query {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /**
     * What a run measured.
     *
     * @param requests   requests counted (warm-up excluded)
     * @param seconds    wall time of the counted requests
     * @param failed     answers other than 200, and requests that got no answer
     * @param partial    200 answers flagged partial
     * @param p50Millis  median latency
     * @param p99Millis  99th percentile latency
     * @param maxMillis  slowest request
     */
    public record Result(
            int requests,
            double seconds,
            int failed,
            int partial,
            double p50Millis,
            double p99Millis,
            double maxMillis) {
        public double qps() {
            return requests / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<URI> targets;
    private final List<Query> queries;
    private final Optional<String> apiKey;
    private final Duration timeout;

    /** @param targets full search URLs, e.g. {@code http://127.0.0.1:8080/v1/search?k=10} */
    public SearchLoad(List<URI> targets, List<Query> queries, Optional<String> apiKey, Duration timeout) {
        if (targets.isEmpty() || queries.isEmpty()) {
            throw new IllegalArgumentException("need at least one URL and one query");
        }
        this.targets = List.copyOf(targets);
        this.queries = List.copyOf(queries);
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Sends {@code warmup} uncounted requests, then {@code requests} counted ones, {@code concurrency} at a time. */
    public Result run(int requests, int concurrency, int warmup) throws InterruptedException {
        if (warmup > 0) {
            measure(warmup, concurrency);
        }
        return measure(requests, concurrency);
    }

    private Result measure(int requests, int concurrency) throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger partial = new AtomicInteger();
        AtomicLong end = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        Answer answer = send(targets.get(i % targets.size()), queries.get(i % queries.size()));
                        latencies[i] = System.nanoTime() - sent;
                        if (!answer.ok()) {
                            failed.incrementAndGet();
                        } else if (answer.partial()) {
                            partial.incrementAndGet();
                        }
                    }
                    end.accumulateAndGet(System.nanoTime(), Math::max);
                }));
            }
            for (Future<?> worker : running) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a load worker failed", e.getCause());
                }
            }
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(
                requests,
                (end.get() - start) / 1e9,
                failed.get(),
                partial.get(),
                millis(sorted, 0.50),
                millis(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private record Answer(boolean ok, boolean partial) {}

    private Answer send(URI target, Query query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", query.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(query.body()));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode() == 200, response.body().contains("\"partial\":true"));
        } catch (IOException e) {
            return new Answer(false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, false);
        }
    }

    /** Nearest-rank percentile. */
    static double millis(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
