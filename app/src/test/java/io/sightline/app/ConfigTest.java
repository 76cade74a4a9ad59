package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.app.config.ConfigurationDoc;
import io.sightline.app.config.SightlineConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenOverrides() {
        SightlineConfig defaults = SightlineConfig.load(Map.of(), Map.of(), Map.of(), ROOT);
        assertThat(defaults.getInt(SightlineConfig.LONGEST_SIDE)).isEqualTo(512);

        SightlineConfig layered = SightlineConfig.load(
                Map.of("extract.longest.side", "256", "http.port", "9000"),
                Map.of("SIGHTLINE_EXTRACT_LONGEST_SIDE", "384", "SIGHTLINE_TOPIC_PARTITIONS", "8"),
                Map.of("topic.partitions", "12"),
                ROOT);
        assertThat(layered.getInt(SightlineConfig.LONGEST_SIDE)).isEqualTo(384);
        assertThat(layered.getInt(SightlineConfig.HTTP_PORT)).isEqualTo(9000);
        assertThat(layered.getInt(SightlineConfig.TOPIC_PARTITIONS)).isEqualTo(12);
    }

    @Test
    void pathsResolveAgainstTheRepositoryRoot() {
        SightlineConfig config = SightlineConfig.load(Map.of(), Map.of(), Map.of(), ROOT);
        // The default backbone ships with the repository (models/), so it resolves inside the root.
        assertThat(config.path(SightlineConfig.MODEL_PATH))
                .isEqualTo(ROOT.resolve("models/mobilenetv2-12-int8-features.onnx"));
    }

    @Test
    void invalidValuesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> SightlineConfig.load(Map.of(), Map.of(), Map.of("index.vector.format", "BOGUS"), ROOT))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("index.vector.format");
        assertThatThrownBy(() -> SightlineConfig.load(Map.of(), Map.of("SIGHTLINE_HTTP_PORT", "-3"), Map.of(), ROOT))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port");
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(SightlineConfig.DEFINITION.configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).isNotBlank());
        assertThat(SightlineConfig.markdownTable()).contains("SIGHTLINE_BOOTSTRAP_SERVERS");
    }

    /** docs/configuration.md is generated from the ConfigDef: a key added or changed without regenerating fails. */
    @Test
    void docsConfigurationIsFresh() throws java.io.IOException {
        Path page = Path.of(System.getProperty("sightline.root", "..")).resolve(ConfigurationDoc.PATH);
        assertThat(page)
                .as("%s is missing; generate it with %s", ConfigurationDoc.PATH, ConfigurationDoc.REGENERATE)
                .exists();
        assertThat(java.nio.file.Files.readString(page))
                .as("%s is stale; regenerate it with %s", ConfigurationDoc.PATH, ConfigurationDoc.REGENERATE)
                .isEqualTo(ConfigurationDoc.render());
        assertThat(ConfigurationDoc.render()).contains(SightlineConfig.markdownTable());
    }
}
