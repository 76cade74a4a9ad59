package io.sightline.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchServerTest {

    private static final long MAX_UPLOAD = 4096;
    private static final int DEFAULT_K = 3;
    private static final int MAX_K = 5;
    private static final String MODEL = ApiFixture.MODEL;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SearchServer server;
    private static HttpClient client;

    @TempDir
    static Path dir;

    private static ApiFixture fixture;

    @BeforeAll
    static void startServer() {
        fixture = new ApiFixture(
                dir, new SearchServerConfig("127.0.0.1", 0, MAX_UPLOAD, DEFAULT_K, MAX_K), Map.of(), null);
        for (char c = 'a'; c <= 'h'; c++) {
            fixture.index.awaitSearchable(
                    fixture.index.upsert("img-" + c, HashingQueryEncoder.vector(image(c)), Map.of()), 5000);
        }
        server = fixture.server;
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopServer() {
        if (fixture != null) {
            fixture.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> res =
                send(HttpRequest.newBuilder(uri("/v1/health")).GET());

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(JSON.readTree(res.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
        assertThat(send(HttpRequest.newBuilder(uri("/v1/health")).HEAD()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void rawBodySearchReturnsRankedResultsWithDefaultK() throws Exception {
        HttpResponse<String> res = post("/v1/search", "application/octet-stream", image('c'));

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = JSON.readTree(res.body());
        assertThat(fieldNames(body))
                .containsExactlyInAnyOrder(
                        "modelVersion", "k", "offset", "mode", "queryExpansion", "partial", "results", "timings");
        assertThat(body.get("modelVersion").asText()).isEqualTo(MODEL);
        assertThat(body.get("k").asInt()).isEqualTo(DEFAULT_K);
        assertRanked(body.get("results"), DEFAULT_K);
        assertThat(body.get("results").get(0).get("imageId").asText()).isEqualTo("img-c");
        assertThat(body.get("results").get(0).get("score").asDouble())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        JsonNode timings = body.get("timings");
        assertThat(fieldNames(timings)).containsExactlyInAnyOrder("fetchMs", "encodeMs", "searchMs", "totalMs");
        assertThat(timings.get("encodeMs").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(timings.get("searchMs").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void imageContentTypeAndExplicitK() throws Exception {
        HttpResponse<String> res = post("/v1/search?k=5", "image/jpeg", image('f'));

        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.get("k").asInt()).isEqualTo(5);
        assertRanked(body.get("results"), 5);
        assertThat(body.get("results").get(0).get("imageId").asText()).isEqualTo("img-f");
    }

    @Test
    void kOfOneReturnsTheBestHitOnly() throws Exception {
        HttpResponse<String> res = post("/v1/search?k=1", "image/png", image('a'));

        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(res.body()).get("results");
        assertRanked(results, 1);
        assertThat(results.get(0).get("imageId").asText()).isEqualTo("img-a");
    }

    @Test
    void multipartFieldImage() throws Exception {
        Multipart mp =
                new Multipart().file("image", "q.jpg", "image/jpeg", image('h')).text("note", "hello");
        HttpResponse<String> res = post("/v1/search?k=2", mp.contentType(), mp.body());

        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertRanked(body.get("results"), 2);
        assertThat(body.get("results").get(0).get("imageId").asText()).isEqualTo("img-h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "6", "-1", "abc", "2.5", "", "99999999999"})
    void kOutOfRangeOrNotANumberIs400(String k) throws Exception {
        HttpResponse<String> res = post("/v1/search?k=" + k, "image/jpeg", image('a'));

        assertProblem(res, 400);
        assertThat(JSON.readTree(res.body()).get("detail").asText()).contains("'k'");
    }

    @Test
    void emptyRawBodyIs400() throws Exception {
        assertProblem(post("/v1/search", "image/jpeg", new byte[0]), 400);
    }

    @Test
    void emptyMultipartFileIs400() throws Exception {
        Multipart mp = new Multipart().file("image", "q.jpg", "image/jpeg", new byte[0]);
        assertProblem(post("/v1/search", mp.contentType(), mp.body()), 400);
    }

    @Test
    void multipartWithoutImageFieldIs400() throws Exception {
        Multipart mp = new Multipart().file("picture", "q.jpg", "image/jpeg", image('a'));
        HttpResponse<String> res = post("/v1/search", mp.contentType(), mp.body());

        assertProblem(res, 400);
        assertThat(JSON.readTree(res.body()).get("detail").asText()).contains("'image'");
    }

    @Test
    void rawBodyOverTheLimitIs413() throws Exception {
        assertProblem(post("/v1/search", "image/jpeg", new byte[(int) MAX_UPLOAD + 1]), 413);
    }

    @Test
    void rawBodyAtTheLimitIsAccepted() throws Exception {
        assertThat(post("/v1/search", "image/jpeg", new byte[(int) MAX_UPLOAD]).statusCode())
                .isEqualTo(200);
    }

    @Test
    void chunkedRawBodyOverTheLimitIs413() throws Exception {
        byte[] big = new byte[(int) MAX_UPLOAD * 2];
        HttpRequest.Builder req = HttpRequest.newBuilder(uri("/v1/search"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertProblem(send(req), 413);
    }

    @Test
    void multipartFileOverTheLimitIs413() throws Exception {
        Multipart mp = new Multipart().file("image", "q.jpg", "image/jpeg", new byte[(int) MAX_UPLOAD + 1]);
        assertProblem(post("/v1/search", mp.contentType(), mp.body()), 413);
    }

    @Test
    void chunkedMultipartFileOverTheLimitIs413() throws Exception {
        Multipart mp = new Multipart().file("image", "q.jpg", "image/jpeg", new byte[(int) MAX_UPLOAD * 2]);
        byte[] body = mp.body();
        HttpRequest.Builder req = HttpRequest.newBuilder(uri("/v1/search"))
                .header("Content-Type", mp.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertProblem(send(req), 413);
    }

    @Test
    void malformedMultipartIs400() throws Exception {
        byte[] garbage = "this is not multipart at all".getBytes(StandardCharsets.US_ASCII);
        assertProblem(post("/v1/search", "multipart/form-data; boundary=xyz", garbage), 400);
    }

    @Test
    void nonImageContentTypeIs415() throws Exception {
        assertProblem(post("/v1/search", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    void encoderRejectionKeepsItsStatusAndMessage() throws Exception {
        HttpResponse<String> res = post("/v1/search", "image/jpeg", bytes(HashingQueryEncoder.UNDECODABLE));

        assertProblem(res, 422);
        assertThat(JSON.readTree(res.body()).get("detail").asText()).isEqualTo("The query image could not be decoded");
    }

    @Test
    void unexpectedExceptionIs500WithGenericDetail() throws Exception {
        HttpResponse<String> res = post("/v1/search", "image/jpeg", bytes(HashingQueryEncoder.FAIL));

        assertProblem(res, 500);
        assertThat(JSON.readTree(res.body()).get("detail").asText()).isEqualTo(ProblemMapper.GENERIC_DETAIL);
        assertThat(res.body()).doesNotContain("secret", "IllegalStateException");
    }

    @Test
    void unexpectedErrorIs500WithGenericDetail() throws Exception {
        HttpResponse<String> res = post("/v1/search", "image/jpeg", bytes(HashingQueryEncoder.ERROR));

        assertProblem(res, 500);
        assertThat(res.body()).doesNotContain("secret", "AssertionError");
    }

    @Test
    void unknownRouteIs404() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(uri("/v1/nope")).GET()), 404);
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> getSearch =
                send(HttpRequest.newBuilder(uri("/v1/search")).GET());
        assertProblem(getSearch, 405);
        assertThat(getSearch.headers().firstValue("Allow")).hasValue("POST");
        assertProblem(send(HttpRequest.newBuilder(uri("/v1/health")).DELETE()), 405);
    }

    @Test
    void jettyLevelErrorsAreProblemsToo() throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri("/v1/health"))
                .header("X-Oversized", "x".repeat(64 * 1024))
                .GET();
        HttpResponse<String> res = send(req);

        assertThat(res.statusCode()).isBetween(400, 499);
        assertProblem(res, res.statusCode());
    }

    @Test
    void urlPointsAtTheBoundPort() {
        assertThat(server.port()).isPositive();
        assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    private static void assertRanked(JsonNode results, int expectedSize) {
        assertThat(results.isArray()).isTrue();
        assertThat(results).hasSize(expectedSize);
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            assertThat(fieldNames(r))
                    .containsExactlyInAnyOrder(
                            "imageId", "score", "similarity", "match", "rank", "attributes", "thumbnailUrl");
            assertThat(r.get("rank").asInt()).isEqualTo(i + 1);
            assertThat(r.get("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = r.get("score").asDouble();
        }
    }

    private static void assertProblem(HttpResponse<String> res, int status) throws IOException {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type").orElseThrow()).startsWith(Problem.MEDIA_TYPE);
        JsonNode problem = JSON.readTree(res.body());
        assertThat(fieldNames(problem)).contains("type", "title", "status", "detail");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(res.body()).doesNotContain("\tat ", "Exception:");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return server.url().resolve(path);
    }

    private static byte[] image(char c) {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Minimal multipart/form-data body builder. */
    private static final class Multipart {
        private final String boundary = "----sightline" + System.nanoTime();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart file(String name, String filename, String contentType, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        Multipart text(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                    + "\r\n");
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] body() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return copy.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
