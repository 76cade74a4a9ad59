package io.sightline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted JDK HTTP server: what it sends (auth, content type) and how it
 * reacts to failures (retry 5xx and I/O errors, not 4xx).
 */
class RestSchemaRegistryClientTest {

    private static final String SCHEMA_JSON =
            "{\"schema\":" + quote(TestSchemas.v1().toString()) + "}";

    private HttpServer server;
    private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Status codes to answer, in order; once used up, answers 200 with {@link #okBody}. */
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();

    private volatile String okBody = SCHEMA_JSON;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
                .ifPresent(authorizations::add);
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                .ifPresent(contentTypes::add);
        exchange.getRequestBody().readAllBytes();
        Integer status = script.poll();
        String body = switch (status == null ? 200 : status) {
            case 200 -> okBody;
            case 404 -> "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}";
            case 409 -> "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}";
            case 502 -> "<html>Bad Gateway</html>";
            default -> "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status == null ? 200 : status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private RestSchemaRegistryClient client(RegistryClientConfig config) {
        return new RestSchemaRegistryClient(config);
    }

    private RegistryClientConfig config() {
        return RegistryClientConfig.of(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .withRetries(3, Duration.ofMillis(5));
    }

    @Test
    void sendsBasicAuthHeader() {
        try (var client = client(config().withCredentials(RegistryCredentials.Basic.parse("sr:p:w")))) {
            client.schemaById(1);
        }
        // base64("sr:p:w")
        assertThat(authorizations).containsExactly("Basic c3I6cDp3");
    }

    @Test
    void sendsBearerTokenHeader() {
        try (var client = client(config().withCredentials(new RegistryCredentials.Bearer("t0k3n")))) {
            client.schemaById(1);
        }
        assertThat(authorizations).containsExactly("Bearer t0k3n");
    }

    @Test
    void credentialsStayOutOfToString() {
        assertThat(config().withCredentials(new RegistryCredentials.Basic("sr", "secret"))
                        .toString())
                .doesNotContain("secret");
        assertThat(new RegistryCredentials.Bearer("t0k3n").toString()).doesNotContain("t0k3n");
    }

    @Test
    void postsWithConfluentContentType() {
        okBody = "{\"id\":12}";
        try (var client = client(config())) {
            assertThat(client.register("photos-value", TestSchemas.v1())).isEqualTo(12);
        }
        assertThat(contentTypes).containsExactly("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void retriesOn503ThenSucceeds() {
        script.addAll(List.of(503, 503));
        try (var client = client(config())) {
            assertThat(client.schemaById(1)).isEqualTo(TestSchemas.v1());
        }
        assertThat(requests).hasValue(3);
    }

    @Test
    void givesUpAfterMaxRetriesWithTheServersError() {
        script.addAll(List.of(500, 500, 500, 500, 500));
        try (var client = client(config())) {
            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(500);
                assertThat(e.errorCode()).isEqualTo(50001);
                assertThat(e.getMessage()).contains("/schemas/ids/1");
            });
        }
        assertThat(requests).hasValue(4);
    }

    @Test
    void doesNotRetryClientErrors() {
        script.add(404);
        try (var client = client(config())) {
            assertThatThrownBy(() -> client.schemaById(7)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(40403);
                assertThat(e.getMessage()).contains("Schema 7 not found");
            });
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void nonJsonErrorBodiesStillGiveAClearError() {
        script.addAll(List.of(502, 502, 502, 502));
        try (var client = client(config())) {
            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(502);
                assertThat(e.getMessage()).contains("Bad Gateway");
            });
        }
    }

    @Test
    void retriesConnectionFailuresThenReportsThem() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var config = RegistryClientConfig.of(URI.create("http://127.0.0.1:" + closedPort))
                .withRetries(2, Duration.ofMillis(5));
        try (var client = client(config)) {
            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(RegistryException.NO_RESPONSE);
                assertThat(e.getMessage()).contains("3 attempt(s)");
            });
        }
    }

    @Test
    void cachesSchemasByIdAndIdsBySubjectAndSchema() {
        try (var client = client(config())) {
            client.schemaById(1);
            client.schemaById(1);
            assertThat(requests).hasValue(1);

            okBody = "{\"id\":1}";
            client.register("photos-value", TestSchemas.v1());
            client.register("photos-value", TestSchemas.v1());
            assertThat(requests).hasValue(2);
        }
    }

    @Test
    void backoffDoublesFromTheInitialDelay() {
        var http = new RegistryHttp(config());
        assertThat(List.of(http.backoff(0), http.backoff(1), http.backoff(2)))
                .containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20));
        http.close();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
