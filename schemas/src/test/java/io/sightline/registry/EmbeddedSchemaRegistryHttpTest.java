package io.sightline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded server and the REST client against each other, plus raw HTTP for the JSON shapes. */
class EmbeddedSchemaRegistryHttpTest {

    private static EmbeddedSchemaRegistry server;
    private static RestSchemaRegistryClient client;
    private static HttpClient http;
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = EmbeddedSchemaRegistry.start(new InMemorySchemaStore(), "127.0.0.1", 0);
        client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        client.close();
        server.close();
    }

    @Test
    void registersAndLooksUpOverHttp() {
        int id = client.register("photos-value", TestSchemas.v1());

        assertThat(server.url().getPort()).isPositive();
        assertThat(client.schemaById(id)).isEqualTo(TestSchemas.v1());
        assertThat(client.subjects()).contains("photos-value");
        assertThat(client.versions("photos-value")).containsExactly(1);
        assertThat(client.latest("photos-value"))
                .isEqualTo(new RegisteredSchema("photos-value", 1, id, TestSchemas.v1()));
        assertThat(client.version("photos-value", 1).id()).isEqualTo(id);
        assertThat(client.lookup("photos-value", TestSchemas.v1()).version()).isEqualTo(1);
    }

    @Test
    void subjectsWithCharactersThatNeedEncodingWork() {
        String subject = "io.sightline:odd subject+1-value";
        int id = client.register(subject, TestSchemas.v1());

        assertThat(client.latest(subject).subject()).isEqualTo(subject);
        assertThat(client.latest(subject).id()).isEqualTo(id);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void registeringTheSameSchemaAgainIsIdempotent() {
        int first = client.register("idem-value", TestSchemas.v1());
        // a fresh client has no cache, so this really reaches the server
        try (var other = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            assertThat(other.register("idem-value", TestSchemas.v1())).isEqualTo(first);
            assertThat(other.register("idem-copy-value", TestSchemas.v1())).isEqualTo(first);
        }
        assertThat(client.versions("idem-value")).containsExactly(1);
    }

    @Test
    void backwardIncompatibleChangeIsRefusedWith409AndCompatibleOneBecomesVersion2() {
        int v1 = client.register("evolve-value", TestSchemas.v1());

        assertThatThrownBy(() -> client.register("evolve-value", TestSchemas.withRequiredField()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("evolve-value").contains("height");
                });

        int v2 = client.register("evolve-value", TestSchemas.withDefaultedField());
        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.latest("evolve-value").version()).isEqualTo(2);
        assertThat(client.versions("evolve-value")).containsExactly(1, 2);
    }

    @Test
    void compatibilityEndpointAnswersWithoutRegistering() throws Exception {
        client.register("compat-value", TestSchemas.v1());

        assertThat(client.isCompatible("compat-value", TestSchemas.withDefaultedField()))
                .isTrue();
        assertThat(client.isCompatible("compat-value", TestSchemas.withRequiredField()))
                .isFalse();
        assertThat(client.versions("compat-value")).containsExactly(1);

        JsonNode answer = send(
                        "POST",
                        "/compatibility/subjects/compat-value/versions/1",
                        schemaBody(TestSchemas.unrelated().toString()),
                        "application/json")
                .json();
        assertThat(answer.get("is_compatible").asBoolean()).isFalse();
    }

    @Test
    void unknownSubjectIsA40401InConfluentsJsonShape() throws Exception {
        Response response = send("GET", "/subjects/nope-value/versions/latest", null, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(response.json().get("error_code").asInt()).isEqualTo(40401);
        assertThat(response.json().get("message").asText()).contains("nope-value");

        assertThatThrownBy(() -> client.latest("nope-value")).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(40401);
            assertThat(e.httpStatus()).isEqualTo(404);
        });
    }

    @Test
    void otherErrorsCarryConfluentCodes() throws Exception {
        client.register("errors-value", TestSchemas.v1());

        assertThat(errorCode(send("GET", "/subjects/errors-value/versions/7", null, null)))
                .isEqualTo(40402);
        assertThat(errorCode(send("GET", "/schemas/ids/987654", null, null))).isEqualTo(40403);
        assertThat(errorCode(send("GET", "/subjects/errors-value/versions/zero", null, null)))
                .isEqualTo(42202);
        assertThat(errorCode(send(
                        "POST",
                        "/subjects/errors-value/versions",
                        schemaBody("{\"type\": \"record\", \"name\": "),
                        null)))
                .isEqualTo(42201);
        assertThat(errorCode(send(
                        "POST",
                        "/subjects/errors-value/versions",
                        json.writeValueAsString(Map.of("schema", "{}", "schemaType", "PROTOBUF")),
                        null)))
                .isEqualTo(42201);
        assertThat(errorCode(send("PUT", "/config/errors-value", "{\"compatibility\": \"SIDEWAYS\"}", null)))
                .isEqualTo(42203);
    }

    @Test
    void acceptsPlainJsonAndAnswersWithConfluentFieldNames() throws Exception {
        Response registered = send(
                "POST",
                "/subjects/raw-value/versions",
                schemaBody(TestSchemas.v1().toString()),
                "application/json");
        assertThat(registered.status()).isEqualTo(200);
        int id = registered.json().get("id").asInt();

        JsonNode byId = send("GET", "/schemas/ids/" + id, null, null).json();
        assertThat(new org.apache.avro.Schema.Parser().parse(byId.get("schema").asText()))
                .isEqualTo(TestSchemas.v1());

        JsonNode latest =
                send("GET", "/subjects/raw-value/versions/latest", null, null).json();
        assertThat(latest.get("subject").asText()).isEqualTo("raw-value");
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("id").asInt()).isEqualTo(id);
        assertThat(latest.has("schema")).isTrue();
    }

    @Test
    void configIsReadAndChangedGloballyAndPerSubject() throws Exception {
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(send("GET", "/config", null, null)
                        .json()
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("BACKWARD");

        client.register("config-value", TestSchemas.v1());
        assertThat(client.subjectCompatibility("config-value")).isEmpty();
        assertThat(errorCode(send("GET", "/config/config-value", null, null))).isEqualTo(40408);
        assertThat(send("GET", "/config/config-value?defaultToGlobal=true", null, null)
                        .json()
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("BACKWARD");

        Response put = send("PUT", "/config/config-value", "{\"compatibility\": \"NONE\"}", null);
        assertThat(put.json().get("compatibility").asText()).isEqualTo("NONE");
        assertThat(client.subjectCompatibility("config-value")).contains(CompatibilityLevel.NONE);
        assertThat(client.effectiveCompatibility("config-value")).isEqualTo(CompatibilityLevel.NONE);
        // NONE lets through what BACKWARD refused
        assertThat(client.register("config-value", TestSchemas.withRequiredField()))
                .isPositive();

        client.setSubjectCompatibility("config-value", CompatibilityLevel.FULL);
        assertThat(client.subjectCompatibility("config-value")).isEqualTo(Optional.of(CompatibilityLevel.FULL));
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

        try {
            client.setGlobalCompatibility(CompatibilityLevel.FORWARD);
            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FORWARD);
        } finally {
            client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        }
    }

    private record Response(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return EmbeddedSchemaRegistryHttpTest.json.readTree(body);
        }
    }

    private static int errorCode(Response response) throws IOException {
        return response.json().get("error_code").asInt();
    }

    private static String schemaBody(String schema) throws IOException {
        return json.writeValueAsString(Map.of("schema", schema));
    }

    private static Response send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            request.header(
                    "Content-Type", contentType == null ? "application/vnd.schemaregistry.v1+json" : contentType);
        }
        HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }
}
