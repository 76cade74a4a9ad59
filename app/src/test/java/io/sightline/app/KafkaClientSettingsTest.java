package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kafka.* settings, from a file, the environment or -D, reach every Kafka client without their prefix. */
class KafkaClientSettingsTest {
    @Test
    void tlsAndSaslSettingsPassThroughFromEveryLayer() {
        SightlineConfig config = SightlineConfig.load(
                Map.of("kafka.sasl.mechanism", "SCRAM-SHA-512", "kafka.security.protocol", "SASL_PLAINTEXT"),
                Map.of(
                        "SIGHTLINE_KAFKA_SSL_TRUSTSTORE_LOCATION",
                        "/etc/kafka/trust.p12",
                        "SIGHTLINE_KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "SIGHTLINE_EMBEDDED_KAFKA_PORT",
                        "9999"),
                Map.of(
                        "kafka.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                        "bootstrap.servers",
                        "broker:9093"),
                Path.of("/repo"));

        assertThat(KafkaClients.settings(config))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap.servers", "broker:9093",
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "ssl.truststore.location", "/etc/kafka/trust.p12",
                        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        assertThat(config.getInt(SightlineConfig.KAFKA_PORT))
                .as("a Sightline key is not a pass-through")
                .isEqualTo(9999);
    }

    @Test
    void withoutKafkaSettingsClientsGetOnlyTheBootstrapServers() {
        SightlineConfig config =
                SightlineConfig.load(Map.of(), Map.of(), Map.of("bootstrap.servers", "b:9092"), Path.of("/repo"));
        assertThat(KafkaClients.settings(config)).containsExactly(Map.entry("bootstrap.servers", "b:9092"));
    }
}
