package io.sightline.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks compose/check/, what ./sightline compose-check runs under podman, without podman: the check's stack must
 * stay the host-network layout users run (docker-compose.host.yml), apart from the broker and the port numbers,
 * or a passing check would say nothing about that file.
 */
class CheckComposeFileTest {
    private static final Pattern PORT_VARIABLE = Pattern.compile("\\$\\{(CHECK_[A-Z0-9]+_PORT):-(\\d+)}");
    /** The check's port variables and the host file's ports they stand for. */
    private static final Map<String, String> HOST_PORTS = Map.of(
            "CHECK_KAFKA_PORT", "9092",
            "CHECK_REGISTRY_PORT", "8081",
            "CHECK_SEARCH_PORT", "8080",
            "CHECK_SEARCH2_PORT", "8082");

    private static Path moduleDir;
    private static String checkText;
    private static JsonNode check;
    private static JsonNode host;

    @BeforeAll
    static void parse() throws IOException {
        moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        checkText = Files.readString(moduleDir.resolve("check/docker-compose.check.yml"));
        check = new YAMLMapper().readTree(checkText).path("services");
        host = new YAMLMapper()
                .readTree(moduleDir.resolve("docker-compose.host.yml").toFile())
                .path("services");
    }

    @Test
    void sightlineServicesAreTheHostFilesWithOtherPorts() throws IOException {
        Matcher m = PORT_VARIABLE.matcher(checkText);
        StringBuilder asHostFile = new StringBuilder();
        while (m.find()) {
            assertThat(HOST_PORTS).containsKey(m.group(1));
            m.appendReplacement(asHostFile, HOST_PORTS.get(m.group(1)));
        }
        m.appendTail(asHostFile);
        JsonNode mapped = new YAMLMapper()
                .readTree(asHostFile
                        .toString()
                        .replace(
                                "${CHECK_IMAGE:-sightline/sightline:0.1.0-SNAPSHOT}",
                                "sightline/sightline:" + "${SIGHTLINE_TAG:-0.1.0-SNAPSHOT}"))
                .path("services");
        assertThat(fieldNames(mapped)).containsExactlyElementsOf(fieldNames(host));
        mapped.properties().forEach(e -> {
            if (!e.getKey().equals("kafka")) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(host.path(e.getKey()));
            }
        });
    }

    @Test
    void theBrokerIsTheSightlineImageOnTheHostNetwork() {
        JsonNode kafka = check.path("kafka");
        assertThat(kafka.path("image").asText())
                .isEqualTo(check.path("search").path("image").asText());
        assertThat(kafka.path("network_mode").asText()).isEqualTo("host");
        assertThat(kafka.path("command").get(0).asText()).isEqualTo("broker");
        assertThat(kafka.path("volumes")).isEqualTo(host.path("kafka").path("volumes"));
        assertThat(kafka.path("command").toString()).contains("${CHECK_KAFKA_PORT:-19092}");
    }

    @Test
    void portDefaultsAreDistinctAndClearOfTheHostFiles() {
        Map<String, String> defaults = new HashMap<>();
        Matcher m = PORT_VARIABLE.matcher(checkText);
        while (m.find()) {
            assertThat(defaults.putIfAbsent(m.group(1), m.group(2)))
                    .as("one default for %s", m.group(1))
                    .isIn(null, m.group(2));
        }
        assertThat(defaults.keySet()).containsExactlyInAnyOrderElementsOf(HOST_PORTS.keySet());
        assertThat(defaults.values()).doesNotHaveDuplicates().doesNotContainAnyElementsOf(HOST_PORTS.values());
    }

    /** podman-compose 1.0.3 turns a CMD list into one /bin/sh line, where dash has no /dev/tcp. */
    @Test
    void healthchecksAreShellLinesThatPodmanCompose103RunsAsWritten() {
        for (JsonNode services : List.of(check, host)) {
            services.properties().forEach(e -> {
                JsonNode test = e.getValue().path("healthcheck").path("test");
                if (!test.isMissingNode()) {
                    assertThat(test.get(0).asText()).as(e.getKey()).isEqualTo("CMD-SHELL");
                }
            });
        }
    }

    @Test
    void podmanRunsWithRuncCgroupfsAndUlimitsBelowTheHardLimits() throws IOException {
        String conf = Files.readString(moduleDir.resolve("check/containers.conf"));
        assertThat(conf)
                .contains("runtime = \"runc\"")
                .contains("cgroup_manager = \"cgroupfs\"")
                .contains("\"nofile=1024:1024\"")
                .contains("\"nproc=1024:1024\"");
    }

    @Test
    void theHostNetworkWrapperDropsOnlyTheDefaultNetwork(@TempDir Path dir) throws Exception {
        // A stand-in podman that prints its arguments, one a line.
        Path fake = dir.resolve("podman");
        Files.writeString(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(wrapper(
                        dir,
                        "create",
                        "--name=p_kafka_1",
                        "--network",
                        "host",
                        "-e",
                        "A=b c",
                        "--net",
                        "p_default",
                        "--network-alias",
                        "kafka",
                        "image",
                        "broker"))
                .containsExactly("create", "--name=p_kafka_1", "--network", "host", "-e", "A=b c", "image", "broker");
        assertThat(wrapper(dir, "create", "--net", "p_default", "--network-alias", "web", "image"))
                .containsExactly("create", "--net", "p_default", "--network-alias", "web", "image");
    }

    private static List<String> wrapper(Path fakeDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(moduleDir.resolve("check/podman-hostnet").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", fakeDir + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
