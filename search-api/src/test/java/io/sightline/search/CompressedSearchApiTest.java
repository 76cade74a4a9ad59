package io.sightline.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.bundle.BundleQuantizers;
import io.sightline.index.Quantizers;
import io.sightline.pooling.Vectors;
import io.sightline.pq.KMeansParams;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Modes pq and ivfpq through the HTTP API over a shard opened with a bundle's quantizers, with filters. */
class CompressedSearchApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> IDS =
            List.of("img-a", "img-b", "img-c", "img-d", "img-e", "img-f", "img-g", "img-h");

    @TempDir
    static Path dir;

    private static ApiFixture fixture;

    @BeforeAll
    static void start() {
        // Codebooks learned from jittered copies of the indexed vectors, as `fit` learns from the collection.
        Random random = new Random(3);
        List<float[]> training = new ArrayList<>();
        for (String id : IDS) {
            for (int copy = 0; copy < 40; copy++) {
                float[] v = HashingQueryEncoder.vector(id.getBytes());
                for (int t = 0; t < v.length; t++) {
                    v[t] += (float) (random.nextGaussian() * 0.03);
                }
                Vectors.l2normalize(v);
                training.add(v);
            }
        }
        Quantizers quantizers = BundleQuantizers.train(training, 4, 4, 4, new KMeansParams(10, 1, 42, 1, 256));
        Map<String, Map<String, String>> images = new LinkedHashMap<>();
        for (int i = 0; i < IDS.size(); i++) {
            images.put(IDS.get(i), Map.of("city", i % 2 == 0 ? "paris" : "oxford"));
        }
        fixture = new ApiFixture(dir, SearchServerConfig.defaults(), images, null, quantizers);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pq", "ivfpq&nprobe=1", "ivfpq&nprobe=4", "pq&rerank=20", "ivfpq&nprobe=2&rerank=20"})
    void eachImageFindsItselfFirstAndFiltersHold(String mode) throws Exception {
        for (int i = 0; i < IDS.size(); i++) {
            String id = IDS.get(i);
            String query = "{\"imageId\":\"" + id + "\"}";
            JsonNode all = search("/v1/search?k=3&qe=false&mode=" + mode, query);
            assertThat(all.get("mode").asText()).isEqualTo(mode.split("&")[0]);
            assertThat(all.get("results").get(0).get("imageId").asText())
                    .as(mode + " " + id)
                    .isEqualTo(id);
            if (mode.contains("rerank")) {
                assertThat(all.get("results").get(0).get("score").asDouble())
                        .as("exact re-ranking")
                        .isGreaterThan(0.999);
            }
            String city = i % 2 == 0 ? "paris" : "oxford";
            // Every cell probed (nlist 4), so the filtered answer is complete in ivfpq too.
            JsonNode filtered = search(
                    "/v1/search?k=8&mode=" + mode.replaceAll("nprobe=\\d+", "nprobe=4") + "&filter=city:" + city,
                    query);
            List<String> ids = new ArrayList<>();
            filtered.get("results").forEach(r -> {
                ids.add(r.get("imageId").asText());
                assertThat(r.get("attributes").get("city").asText()).isEqualTo(city);
            });
            assertThat(ids).hasSize(IDS.size() / 2).first().isEqualTo(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pq", "ivfpq"})
    void jsonBodyParametersAndSimilarWork(String mode) throws Exception {
        JsonNode viaBody = search(
                "/v1/search", "{\"imageId\":\"img-c\",\"mode\":\"" + mode + "\",\"nprobe\":4,\"rerank\":8,\"k\":2}");
        assertThat(viaBody.get("mode").asText()).isEqualTo(mode);
        assertThat(viaBody.get("results").get(0).get("imageId").asText()).isEqualTo("img-c");
        HttpResponse<String> similar = CLIENT.send(
                HttpRequest.newBuilder(fixture.server
                                .url()
                                .resolve("/v1/images/img-c/similar?k=7&qe=false&mode=" + mode + "&nprobe=4"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(similar.statusCode()).as(similar.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(similar.body())
                .get("results")
                .forEach(r -> ids.add(r.get("imageId").asText()));
        assertThat(ids).hasSize(IDS.size() - 1).doesNotContain("img-c");
    }

    private static JsonNode search(String path, String json) throws Exception {
        HttpResponse<String> res = CLIENT.send(
                HttpRequest.newBuilder(fixture.server.url().resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }
}
