package io.sightline.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.StoredImage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Each request runs on one snapshot: even when the current snapshot changes between every two reads, a request never
 * encodes with one generation and searches another, and answers with the version it used.
 */
class SearchSnapshotTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Generation {@code n}: its encoder makes n-dimensional queries, its index accepts only those. */
    private static SearchSnapshot generation(int n) {
        QueryEncoder encoder = bytes -> new float[n];
        SearchBackend backend = new SearchBackend() {
            @Override
            public SearchOutcome search(SearchQuery query) {
                if (query.vector().length != n) {
                    throw new IllegalStateException(
                            "generation " + n + " got a query of generation " + query.vector().length);
                }
                return new SearchOutcome(List.of(new SearchHit("from-v" + n, 1f, 1)), false);
            }

            @Override
            public boolean supports(SearchMode mode) {
                return true;
            }

            @Override
            public Optional<StoredImage> image(String imageId) {
                return Optional.empty();
            }

            @Override
            public Optional<byte[]> thumbnail(String imageId) {
                return Optional.empty();
            }

            @Override
            public Optional<float[]> vector(String imageId) {
                return Optional.empty();
            }

            @Override
            public long indexSize() {
                return 1;
            }
        };
        return new SearchSnapshot("v" + n, encoder, backend);
    }

    private static SearchServices services(Supplier<SearchSnapshot> snapshots) {
        SystemStatus status = new SystemStatus() {
            @Override
            public Readiness readiness() {
                return new Readiness(true, "RUNNING", Map.of());
            }

            @Override
            public IngestStatus ingest() {
                return new IngestStatus(1, 0, 0, 0);
            }
        };
        QueryImageFetcher noFetching = url -> {
            throw new QueryRejectedException("no fetching in this test", 422);
        };
        return new SearchServices(
                snapshots,
                noFetching,
                new ApiFixture.RecordingUploads(),
                status,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @Test
    void aRequestUsesOneSnapshotForVersionEncodingAndSearch() throws Exception {
        List<SearchSnapshot> generations = List.of(generation(1), generation(2));
        AtomicInteger reads = new AtomicInteger();
        Supplier<SearchSnapshot> flipping = () -> generations.get(reads.getAndIncrement() % 2);
        List<String> versions = new ArrayList<>();
        try (SearchServer server = new SearchServer(
                                new SearchServerConfig("127.0.0.1", 0, 4096, 3, 5), services(flipping))
                        .start();
                HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> res = client.send(
                        HttpRequest.newBuilder(server.url().resolve("/v1/search"))
                                .header("Content-Type", "image/jpeg")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(res.body());
                String version = body.get("modelVersion").asText();
                assertThat(body.get("results").get(0).get("imageId").asText()).isEqualTo("from-" + version);
                versions.add(version);
            }
        }
        assertThat(versions).containsExactly("v1", "v2", "v1", "v2", "v1", "v2");
        assertThat(reads).hasValue(6);
    }
}
