package io.sightline.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint over a real Lucene shard: images, search variants, operations, OpenAPI coverage, API keys. */
class ApiEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    private static ApiFixture fixture;
    private static byte[] thumbnail;

    @BeforeAll
    static void start() throws Exception {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", jpeg);
        thumbnail = jpeg.toByteArray();
        Map<String, Map<String, String>> images = new LinkedHashMap<>();
        for (String id : List.of("img-a", "img-b", "img-c", "img-d", "img-e", "img-f")) {
            images.put(id, Map.of("city", id.compareTo("img-d") < 0 ? "paris" : "oxford"));
        }
        fixture = new ApiFixture(dir, SearchServerConfig.defaults(), images, thumbnail);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void metadataAndThumbnailOfAnIndexedImage() throws Exception {
        HttpResponse<String> meta = get("/v1/images/img-b");
        assertThat(meta.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(meta.body());
        assertThat(body.get("imageId").asText()).isEqualTo("img-b");
        assertThat(body.get("attributes").get("city").asText()).isEqualTo("paris");
        assertThat(body.get("width").asInt()).isEqualTo(640);
        assertThat(body.get("modelVersion").asText()).isEqualTo(ApiFixture.MODEL);
        assertThat(body.get("thumbnailUrl").asText()).isEqualTo("/v1/images/img-b/thumbnail");

        HttpResponse<byte[]> thumb = CLIENT.send(
                request("/v1/images/img-b/thumbnail").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/jpeg");
        assertThat(thumb.body()).isEqualTo(thumbnail);
    }

    @Test
    void unknownOrInvalidImageIds() throws Exception {
        assertProblem(get("/v1/images/nope"), 404, "image-not-found");
        assertProblem(get("/v1/images/nope/thumbnail"), 404, "thumbnail-not-found");
        assertProblem(get("/v1/images/nope/similar"), 404, "image-not-found");
        assertProblem(get("/v1/images/bad%20id"), 400, "invalid-image-id");
    }

    @Test
    void searchByImageIdRanksItselfFirstAndSimilarLeavesItOut() throws Exception {
        JsonNode byId = JSON.readTree(
                postJson("/v1/search?k=3", "{\"imageId\":\"img-c\"}").body());
        assertThat(byId.get("results").get(0).get("imageId").asText()).isEqualTo("img-c");
        assertThat(byId.get("results").get(0).get("attributes").get("city").asText())
                .isEqualTo("paris");
        assertThat(byId.get("results")).hasSize(3);

        JsonNode similar = JSON.readTree(get("/v1/images/img-c/similar?k=3").body());
        List<String> ids = ids(similar);
        assertThat(ids).hasSize(3).doesNotContain("img-c");
        assertThat(ids.subList(0, 2)).isEqualTo(ids(byId).subList(1, 3));
    }

    @Test
    void searchByUrlGoesThroughTheFetcher() throws Exception {
        JsonNode found = JSON.readTree(postJson("/v1/search?k=1", "{\"url\":\"" + ApiFixture.KNOWN_URL + "\"}")
                .body());
        assertThat(ids(found)).containsExactly("img-c");
        assertThat(found.get("timings").get("fetchMs").asDouble()).isGreaterThanOrEqualTo(0);

        assertProblem(postJson("/v1/search", "{\"url\":\"https://elsewhere.example.com/x.jpg\"}"), 422, "fetch-failed");
        assertProblem(postJson("/v1/search", "{\"url\":\"file:///etc/passwd\"}"), 400, "invalid-url");
        assertProblem(postJson("/v1/search", "{\"url\":\"x\",\"imageId\":\"img-a\"}"), 400, "invalid-query");
        assertProblem(postJson("/v1/search", "{}"), 400, "invalid-query");
        assertProblem(postJson("/v1/search", "[1,2]"), 400, "malformed-json");
        assertProblem(postJson("/v1/search", "{\"imageId\":"), 400, "malformed-json");
    }

    @Test
    void filtersOffsetMinScoreAndModes() throws Exception {
        JsonNode oxford = JSON.readTree(postJson("/v1/search?k=6&filter=city:oxford", "{\"imageId\":\"img-a\"}")
                .body());
        assertThat(ids(oxford)).containsExactlyInAnyOrder("img-d", "img-e", "img-f");
        JsonNode viaBody =
                JSON.readTree(postJson("/v1/search?k=6", "{\"imageId\":\"img-a\",\"filters\":{\"city\":\"oxford\"}}")
                        .body());
        assertThat(ids(viaBody)).isEqualTo(ids(oxford));

        List<String> all = ids(JSON.readTree(
                postJson("/v1/search?k=6&mode=exact", "{\"imageId\":\"img-a\"}").body()));
        JsonNode second = JSON.readTree(postJson("/v1/search?k=2&offset=2&mode=exact", "{\"imageId\":\"img-a\"}")
                .body());
        assertThat(ids(second)).isEqualTo(all.subList(2, 4));
        assertThat(second.get("results").get(0).get("rank").asInt()).isEqualTo(3);

        JsonNode strict = JSON.readTree(postJson("/v1/search?k=6&minScore=0.99", "{\"imageId\":\"img-a\"}")
                .body());
        assertThat(ids(strict)).containsExactly("img-a");
        // minSimilarity filters on the raw cosine each result carries, whatever the expansion's rank score is.
        JsonNode similar = JSON.readTree(postJson("/v1/search?k=6&minSimilarity=0.99", "{\"imageId\":\"img-a\"}")
                .body());
        assertThat(ids(similar)).containsExactly("img-a");
        assertThat(similar.get("results").get(0).get("similarity").asDouble())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertProblem(postJson("/v1/search?minSimilarity=1.5", "{\"imageId\":\"img-a\"}"), 400, "invalid-parameter");

        for (String mode : List.of("pq", "ivfpq")) {
            HttpResponse<String> unavailable = postJson("/v1/search?mode=" + mode, "{\"imageId\":\"img-a\"}");
            assertProblem(unavailable, 400, "mode-unavailable");
            assertThat(JSON.readTree(unavailable.body()).get("detail").asText())
                    .contains("codebooks")
                    .contains(ApiFixture.MODEL);
        }
        assertProblem(postJson("/v1/search?nprobe=0", "{\"imageId\":\"img-a\"}"), 400, "invalid-parameter");
        assertProblem(postJson("/v1/search?rerank=-1", "{\"imageId\":\"img-a\"}"), 400, "invalid-parameter");
        assertProblem(postJson("/v1/search?mode=fast", "{\"imageId\":\"img-a\"}"), 400, "invalid-parameter");
        assertProblem(postJson("/v1/search?minScore=2", "{\"imageId\":\"img-a\"}"), 400, "invalid-parameter");
        assertProblem(postJson("/v1/search?qe=maybe", "{\"imageId\":\"img-a\"}"), 400, "invalid-parameter");
        assertProblem(postJson("/v1/search?filter=nocolon", "{\"imageId\":\"img-a\"}"), 400, "invalid-filter");
        assertProblem(postJson("/v1/search?offset=-1", "{\"imageId\":\"img-a\"}"), 400, "invalid-parameter");
    }

    @Test
    void uploadsAndDeletesArePublished() throws Exception {
        HttpResponse<String> raw = send(request("/v1/images?imageId=new-1&attribute=city:rome")
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(thumbnail)));
        assertThat(raw.statusCode()).isEqualTo(202);
        assertThat(raw.headers().firstValue("Location")).hasValue("/v1/images/new-1");
        HttpResponse<String> byUrl = postJson(
                "/v1/images", "{\"url\":\"https://x.example.com/a.jpg\"," + "\"attributes\":{\"city\":\"nice\"}}");
        assertThat(byUrl.statusCode()).isEqualTo(202);
        String generated = JSON.readTree(byUrl.body()).get("imageId").asText();
        assertThat(fixture.uploads.published)
                .contains(
                        new ApiFixture.RecordingUploads.Published(
                                "new-1", thumbnail.length + " bytes", Map.of("city", "rome")),
                        new ApiFixture.RecordingUploads.Published(
                                generated, "https://x.example.com/a.jpg", Map.of("city", "nice")));

        assertThat(send(request("/v1/images/new-1").DELETE()).statusCode()).isEqualTo(202);
        assertThat(fixture.uploads.deleted).contains("new-1");

        assertProblem(postJson("/v1/images", "{\"url\":\"ftp://x/a.jpg\"}"), 400, "invalid-url");
        assertProblem(
                send(request("/v1/images?imageId=a/b")
                        .header("Content-Type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(thumbnail))),
                400,
                "invalid-image-id");
        assertProblem(
                send(request("/v1/images")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hi"))),
                415,
                "unsupported-media-type");
    }

    @Test
    void healthReadyStatusAndMetrics() throws Exception {
        assertThat(get("/v1/health").statusCode()).isEqualTo(200);
        assertThat(get("/v1/ready").statusCode()).isEqualTo(200);
        fixture.ready = false;
        try {
            HttpResponse<String> notReady = get("/v1/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(notReady.body()).get("state").asText()).isEqualTo("REBALANCING");
        } finally {
            fixture.ready = true;
        }
        JsonNode status = JSON.readTree(get("/v1/status").body());
        assertThat(status.get("indexedImages").asInt()).isEqualTo(6);
        assertThat(status.get("deadLetters").asInt()).isEqualTo(2);
        assertThat(status.get("extractLag").asInt()).isEqualTo(3);

        get("/v1/images/img-a");
        String metrics = get("/metrics").body();
        assertThat(metrics)
                .contains("sightline_http_requests_seconds_bucket")
                .containsPattern(
                        "sightline_http_requests_seconds_count\\{[^}]*route=\"/v1/images/\\{id}\"[^}]*} [1-9]");
    }

    @Test
    void webPageIsServed() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/app.js\">");
        assertThat(get("/app.js").body()).contains("/v1/search");
    }

    @Test
    void openApiDescribesEveryRegisteredRoute() throws Exception {
        JsonNode paths = JSON.readTree(get("/openapi.json").body()).get("paths");
        Set<String> documented = new HashSet<>();
        paths.properties()
                .forEach(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(
                                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        List<String> routes = fixture.server.routes();
        assertThat(routes).contains("POST /v1/search", "GET /v1/images/{id}/similar", "GET /");
        assertThat(documented).containsAll(routes);
        assertThat(routes).containsAll(documented);
    }

    /** A second server with keys: scopes are enforced per route, open routes stay open. */
    @Test
    void apiKeyScopesAreEnforced(@TempDir Path keyedDir) throws Exception {
        try (ApiFixture keyed = new ApiFixture(
                keyedDir,
                SearchServerConfig.defaults()
                        .withApiKeys(ApiKeys.parse(List.of("reader-key=read", "admin-key=read+write"))),
                Map.of("img-a", Map.of()),
                thumbnail)) {
            URI base = keyed.server.url();
            HttpRequest.Builder search = HttpRequest.newBuilder(base.resolve("/v1/images/img-a"));
            assertProblem(send(search.copy().GET()), 401, "unauthorized");
            assertProblem(
                    send(search.copy().header("Authorization", "Bearer wrong").GET()), 401, "unauthorized");
            assertThat(send(search.copy()
                                    .header("Authorization", "Bearer reader-key")
                                    .GET())
                            .statusCode())
                    .isEqualTo(200);

            HttpRequest.Builder delete =
                    HttpRequest.newBuilder(base.resolve("/v1/images/img-a")).DELETE();
            assertProblem(send(delete.copy().header("Authorization", "Bearer reader-key")), 403, "insufficient-scope");
            assertThat(send(delete.copy().header("Authorization", "Bearer admin-key"))
                            .statusCode())
                    .isEqualTo(202);

            assertThat(send(HttpRequest.newBuilder(base.resolve("/v1/health")).GET())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(base.resolve("/")).GET()).statusCode())
                    .isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(base.resolve("/openapi.json"))
                                    .GET())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void corsIsOffByDefaultAndAnswersListedOriginsOnly(@TempDir Path corsDir) throws Exception {
        HttpRequest.Builder fromApp = request("/v1/health").header("Origin", "https://app.example.com");
        assertThat(send(fromApp.copy().GET()).headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();

        SearchServerConfig d = SearchServerConfig.defaults();
        SearchServerConfig withCors = new SearchServerConfig(
                d.host(),
                d.port(),
                d.maxUploadBytes(),
                d.defaultK(),
                d.maxK(),
                ApiKeys.none(),
                List.of("https://app.example.com"));
        try (ApiFixture cors = new ApiFixture(corsDir, withCors, Map.of(), null)) {
            URI health = cors.server.url().resolve("/v1/health");
            assertThat(send(HttpRequest.newBuilder(health)
                                    .header("Origin", "https://app.example.com")
                                    .GET())
                            .headers()
                            .firstValue("Access-Control-Allow-Origin"))
                    .hasValue("https://app.example.com");
            assertThat(send(HttpRequest.newBuilder(health)
                                    .header("Origin", "https://evil.example.com")
                                    .GET())
                            .headers()
                            .firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        }
    }

    @Test
    void oversizedJsonBodyIs413() throws Exception {
        String big = "{\"imageId\":\"img-a\",\"pad\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}";
        assertProblem(postJson("/v1/search", big), 413, "body-too-large");
    }

    private static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("results").forEach(r -> ids.add(r.get("imageId").asText()));
        return ids;
    }

    private static void assertProblem(HttpResponse<String> res, int status, String slug) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type").orElseThrow()).startsWith(Problem.MEDIA_TYPE);
        JsonNode problem = JSON.readTree(res.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:sightline:problem:" + slug);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(res.body()).doesNotContain("\tat ", "Exception");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(fixture.server.url().resolve(path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    private static HttpResponse<String> postJson(String path, String json) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
