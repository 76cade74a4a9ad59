package io.sightline.app.kafka;

import io.sightline.app.config.SightlineConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The settings every Kafka client of this process starts from: the bootstrap servers and the {@code kafka.*}
 * pass-through settings (security.protocol, ssl.*, sasl.*), so that TLS or SASL configured once reaches producers,
 * consumers, the admin client, Kafka Streams and the registry's store alike.
 */
public final class KafkaClients {
    private KafkaClients() {}

    public static Map<String, Object> settings(SightlineConfig config) {
        Map<String, Object> settings = config.kafkaClientSettings();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.getString(SightlineConfig.BOOTSTRAP_SERVERS));
        return settings;
    }

    public static Properties properties(SightlineConfig config) {
        Properties props = new Properties();
        props.putAll(settings(config));
        return props;
    }
}
