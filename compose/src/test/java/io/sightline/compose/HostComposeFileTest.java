package io.sightline.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks compose/docker-compose.host.yml: the Jib-built image (app's -Pjib profile) on the host network, every
 * listener on 127.0.0.1 and on its own port, since with network_mode: host two services on one port would clash.
 */
class HostComposeFileTest {
    private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    private static Path moduleDir;
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        services = new YAMLMapper()
                .readTree(moduleDir.resolve("docker-compose.host.yml").toFile())
                .path("services");
    }

    @Test
    void everyServiceIsOnTheHostNetworkWithoutPublishedPorts() {
        assertThat(services.size()).isGreaterThanOrEqualTo(5);
        services.properties().forEach(e -> {
            assertThat(e.getValue().path("network_mode").asText())
                    .as(e.getKey())
                    .isEqualTo("host");
            assertThat(e.getValue().has("ports"))
                    .as("%s: ports are ignored on the host network", e.getKey())
                    .isFalse();
        });
    }

    @Test
    void sightlineServicesRunTheImageMavenBuilds() throws IOException {
        String pom = Files.readString(moduleDir.getParent().resolve("app/pom.xml"));
        assertThat(pom)
                .contains("<artifactId>jib-maven-plugin</artifactId>")
                .contains("<sightline.image.base>eclipse-temurin:21-jre</sightline.image.base>")
                .contains("<sightline.image.name>sightline/sightline:${project.version}</sightline.image.name>");
        services.properties().forEach(e -> {
            if (!e.getKey().equals("kafka")) {
                assertThat(e.getValue().path("image").asText()).as(e.getKey()).startsWith("sightline/sightline:");
                assertThat(e.getValue().has("build"))
                        .as("%s: built by Maven, not by compose", e.getKey())
                        .isFalse();
            }
        });
    }

    @Test
    void listenersAreOnLoopbackEachOnItsOwnPort() {
        List<Integer> listening = new ArrayList<>();
        JsonNode kafka = services.path("kafka").path("environment");
        listening.addAll(loopbackPorts(kafka.path("KAFKA_LISTENERS").asText()));
        assertThat(kafka.path("KAFKA_LISTENERS").asText().split(",")).allMatch(l -> l.contains("//127.0.0.1:"));
        List<String> registry = new ArrayList<>();
        services.path("schema-registry").path("command").forEach(a -> registry.add(a.asText()));
        assertThat(registry).containsSequence("--host", "127.0.0.1");
        listening.add(Integer.parseInt(registry.get(registry.indexOf("--port") + 1)));
        services.properties().forEach(e -> {
            JsonNode env = e.getValue().path("environment");
            if (env.has("SIGHTLINE_HTTP_PORT")) {
                assertThat(env.path("SIGHTLINE_HTTP_HOST").asText())
                        .as(e.getKey())
                        .isEqualTo("127.0.0.1");
                int port = env.path("SIGHTLINE_HTTP_PORT").asInt();
                listening.add(port);
                assertThat(env.path("SIGHTLINE_APPLICATION_SERVER").asText())
                        .as(e.getKey())
                        .isEqualTo("127.0.0.1:" + port);
            }
        });
        assertThat(listening)
                .containsExactlyInAnyOrder(9092, 9093, 8081, 8080, 8082)
                .doesNotHaveDuplicates();
    }

    @Test
    void clientsUseTheLoopbackListeners() {
        services.properties().forEach(e -> {
            JsonNode env = e.getValue().path("environment");
            if (!e.getKey().equals("kafka")) {
                assertThat(env.path("SIGHTLINE_BOOTSTRAP_SERVERS").asText())
                        .as(e.getKey())
                        .isEqualTo("127.0.0.1:9092");
                assertThat(env.path("SIGHTLINE_SCHEMA_REGISTRY_URL").asText())
                        .as(e.getKey())
                        .isEqualTo("http://127.0.0.1:8081");
            }
        });
        assertThat(Map.of(
                        "advertised",
                        services.path("kafka")
                                .path("environment")
                                .path("KAFKA_ADVERTISED_LISTENERS")
                                .asText()))
                .containsValue("PLAINTEXT://127.0.0.1:9092");
    }

    private static List<Integer> loopbackPorts(String text) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = LOOPBACK_PORT.matcher(text);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }
}
