package io.sightline.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks compose/docker-compose.yml and compose/Dockerfile for the mistakes that only show up at deploy time. */
class ComposeFileTest {

    private static final List<String> REQUIRED_SERVICES = List.of("kafka", "schema-registry", "extractor", "search");
    private static final List<String> SIGHTLINE_SERVICES = List.of("schema-registry", "extractor", "search");
    private static final List<String> SERVE_SERVICES = List.of("extractor", "search");
    private static final Pattern JSON_ARRAY_INSTRUCTION = Pattern.compile("(?m)^(ENTRYPOINT|CMD)\\s+(\\[.*])\\s*$");

    private static Path moduleDir;
    private static Path repoRoot;
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        repoRoot = moduleDir.getParent();
        compose = new YAMLMapper()
                .readTree(moduleDir.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
    }

    @Test
    void requiredServicesArePresentWithAnImageOrBuild() {
        assertThat(fieldNames(services)).containsAll(REQUIRED_SERVICES);
        services.properties()
                .forEach(e -> assertThat(
                                e.getValue().has("image") || e.getValue().has("build"))
                        .as("service %s has an image or a build", e.getKey())
                        .isTrue());
    }

    @Test
    void publicServicesPublishTheirPorts() {
        assertThat(publishedContainerPorts("kafka")).contains(9092);
        assertThat(publishedContainerPorts("schema-registry")).contains(8081);
        assertThat(publishedContainerPorts("search")).contains(8080);
        assertThat(services.path("extractor").has("ports"))
                .as("extractor must stay scalable: no fixed host port")
                .isFalse();
    }

    @Test
    void kafkaRunsKraftCombinedMode() {
        Map<String, String> env = environment("kafka");
        assertThat(env)
                .containsKeys(
                        "KAFKA_NODE_ID",
                        "KAFKA_PROCESS_ROLES",
                        "KAFKA_LISTENERS",
                        "KAFKA_ADVERTISED_LISTENERS",
                        "KAFKA_CONTROLLER_QUORUM_VOTERS",
                        "KAFKA_CONTROLLER_LISTENER_NAMES");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).startsWith(env.get("KAFKA_NODE_ID") + "@");
    }

    @Test
    void sightlineServicesAreConfiguredConsistently() {
        String advertised = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        String registryPort =
                String.valueOf(publishedContainerPorts("schema-registry").get(0));
        for (String name : SIGHTLINE_SERVICES) {
            Map<String, String> env = environment(name);
            assertThat(env).as(name).containsKeys("SIGHTLINE_BOOTSTRAP_SERVERS", "SIGHTLINE_SCHEMA_REGISTRY_URL");
            for (String server : env.get("SIGHTLINE_BOOTSTRAP_SERVERS").split(",")) {
                assertThat(advertised)
                        .as("%s bootstraps from an advertised listener", name)
                        .contains("//" + server);
            }
            assertThat(env.get("SIGHTLINE_SCHEMA_REGISTRY_URL"))
                    .as(name)
                    .isEqualTo("http://schema-registry:" + registryPort);
        }
        for (String name : SERVE_SERVICES) {
            Map<String, String> env = environment(name);
            assertThat(env).as(name).containsKey("SIGHTLINE_MODEL_PATH");
            assertThat(volumeTargets(name))
                    .as("%s mounts the models dir", name)
                    .anySatisfy(target ->
                            assertThat(env.get("SIGHTLINE_MODEL_PATH")).startsWith(target + "/"));
            assertThat(services.path(name).path("command").toString()).contains("serve");
        }
    }

    @Test
    void everyServiceButExtractWorkersHasAHealthcheck() {
        // Extract-only workers serve no HTTP; their health is their consumer group's lag.
        services.properties().forEach(e -> {
            if (!e.getValue().path("command").toString().contains("extract")) {
                assertThat(e.getValue().path("healthcheck").path("test").isMissingNode())
                        .as("service %s has a healthcheck", e.getKey())
                        .isFalse();
            }
        });
    }

    /** Every index/search node advertises its own compose host name and HTTP port for the search fan-out. */
    @Test
    void searchNodesAdvertiseTheirAddress() {
        List<String> nodes = new ArrayList<>();
        services.properties().forEach(e -> {
            if (e.getValue().path("command").toString().contains("\"index\"")) {
                nodes.add(e.getKey());
            }
        });
        assertThat(nodes).as("M search/index nodes").contains("search").hasSizeGreaterThan(1);
        for (String node : nodes) {
            assertThat(environment(node))
                    .as("%s advertises itself", node)
                    .containsEntry(
                            "SIGHTLINE_APPLICATION_SERVER",
                            services.path(node).path("hostname").asText() + ":"
                                    + environment(node).get("SIGHTLINE_HTTP_PORT"));
        }
    }

    @Test
    void dependsOnTargetsExist() {
        List<String> names = fieldNames(services);
        services.properties().forEach(e -> {
            JsonNode dependsOn = e.getValue().path("depends_on");
            List<String> targets = dependsOn.isArray() ? texts(dependsOn) : fieldNames(dependsOn);
            assertThat(names).as("depends_on of %s", e.getKey()).containsAll(targets);
        });
        assertThat(fieldNames(services.path("search").path("depends_on"))).contains("kafka", "schema-registry");
    }

    @Test
    void namedVolumesAreDeclared() {
        List<String> declared = fieldNames(compose.path("volumes"));
        assertThat(declared).contains("kafka-data", "index-data");
        services.properties().forEach(e -> {
            for (JsonNode volume : e.getValue().path("volumes")) {
                String source = volume.isTextual()
                        ? volume.asText().split(":", 2)[0]
                        : volume.path("source").asText();
                boolean bindMount = source.startsWith(".")
                        || source.startsWith("/")
                        || source.startsWith("~")
                        || source.startsWith("$");
                if (!bindMount) {
                    assertThat(declared)
                            .as("volume %s of %s is declared", source, e.getKey())
                            .contains(source);
                }
            }
        });
        assertThat(volumeSources("kafka")).contains("kafka-data");
        assertThat(volumeSources("search")).contains("index-data");
    }

    @Test
    void buildsPointAtTheDockerfile() {
        services.properties().forEach(e -> {
            JsonNode build = e.getValue().path("build");
            if (build.isMissingNode()) {
                return;
            }
            Path context = moduleDir.resolve(
                    build.isTextual() ? build.asText() : build.path("context").asText("."));
            Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"))
                    .normalize();
            assertThat(dockerfile)
                    .as("Dockerfile of %s", e.getKey())
                    .isRegularFile()
                    .isEqualTo(moduleDir.resolve("Dockerfile"));
        });
    }

    @Test
    void dockerfileRunsTheAppMainClass() throws IOException {
        String dockerfile = Files.readString(moduleDir.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("FROM maven:3.9-eclipse-temurin-21")
                .contains("FROM eclipse-temurin:21-jre")
                .contains("-DskipTests")
                .contains("app/target/lib");
        List<String> entrypoint = new ArrayList<>();
        Matcher m = JSON_ARRAY_INSTRUCTION.matcher(dockerfile);
        while (m.find()) {
            if (m.group(1).equals("ENTRYPOINT")) {
                entrypoint = texts(new ObjectMapper().readTree(m.group(2)));
            }
        }
        assertThat(entrypoint)
                .startsWith("java")
                .contains(
                        "--add-modules",
                        "jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dai.djl.offline=true",
                        "/app/lib/*");
        String mainClass = entrypoint.get(entrypoint.size() - 1);
        assertThat(mainClass).isEqualTo("io.sightline.app.Main");

        // The entrypoint names a class the app module really has, with a main method: a renamed or moved Main
        // would otherwise only fail when the image starts.
        Path source = repoRoot.resolve("app/src/main/java").resolve(mainClass.replace('.', '/') + ".java");
        assertThat(source)
                .as("the Dockerfile's main class %s in the app module", mainClass)
                .isRegularFile();
        assertThat(Files.readString(source))
                .as("%s declares main", source)
                .containsPattern("public\\s+static\\s+void\\s+main\\s*\\(\\s*String(\\[\\]|\\.\\.\\.)\\s*\\w+\\s*\\)");
    }

    private static List<Integer> publishedContainerPorts(String service) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode port : services.path(service).path("ports")) {
            if (port.isObject()) {
                ports.add(port.path("target").asInt());
            } else {
                String[] parts = port.asText().split("/")[0].split(":");
                ports.add(Integer.parseInt(parts[parts.length - 1]));
            }
        }
        return ports;
    }

    private static Map<String, String> environment(String service) {
        JsonNode env = services.path(service).path("environment");
        Map<String, String> map = new LinkedHashMap<>();
        if (env.isArray()) {
            for (JsonNode entry : env) {
                String[] kv = entry.asText().split("=", 2);
                map.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        } else if (env instanceof ObjectNode) {
            env.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static List<String> volumeSources(String service) {
        List<String> sources = new ArrayList<>();
        services.path(service)
                .path("volumes")
                .forEach(v -> sources.add(
                        v.isTextual()
                                ? v.asText().split(":", 2)[0]
                                : v.path("source").asText()));
        return sources;
    }

    private static List<String> volumeTargets(String service) {
        List<String> targets = new ArrayList<>();
        services.path(service).path("volumes").forEach(v -> {
            if (v.isTextual()) {
                String[] parts = v.asText().split(":");
                boolean hasMode = parts.length > 2 && (parts[parts.length - 1].matches("ro|rw|z|Z"));
                targets.add(parts[hasMode ? parts.length - 2 : parts.length - 1]);
            } else {
                targets.add(v.path("target").asText());
            }
        });
        return targets;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
