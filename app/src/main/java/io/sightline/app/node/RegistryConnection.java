package io.sightline.app.node;

import io.sightline.app.config.SightlineConfig;
import io.sightline.registry.RegistryClientConfig;
import io.sightline.registry.RegistryCredentials;
import io.sightline.registry.RestSchemaRegistryClient;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageMatch;
import io.sightline.schemas.ImageUploaded;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.RecordSerdes;
import java.net.URI;
import java.time.Duration;
import org.apache.kafka.common.config.types.Password;

/** The schema-registry client of this process and the record serdes built on it. */
public final class RegistryConnection {
    private RegistryConnection() {}

    public static SchemaRegistry client(SightlineConfig config) {
        String url = config.getString(SightlineConfig.SCHEMA_REGISTRY_URL);
        if (url.isBlank()) {
            throw new IllegalArgumentException("no schema registry: set " + SightlineConfig.SCHEMA_REGISTRY_URL
                    + " (or " + SightlineConfig.envName(SightlineConfig.SCHEMA_REGISTRY_URL) + ")");
        }
        RegistryClientConfig clientConfig = RegistryClientConfig.of(URI.create(url))
                .withTimeout(Duration.ofMillis(config.getInt(SightlineConfig.SCHEMA_REGISTRY_TIMEOUT_MS)))
                .withRetries(
                        config.getInt(SightlineConfig.SCHEMA_REGISTRY_RETRIES),
                        Duration.ofMillis(config.getLong(SightlineConfig.SCHEMA_REGISTRY_RETRY_BACKOFF_MS)));
        Password basic = config.getPassword(SightlineConfig.SCHEMA_REGISTRY_BASIC_AUTH);
        Password bearer = config.getPassword(SightlineConfig.SCHEMA_REGISTRY_BEARER_TOKEN);
        if (basic != null) {
            clientConfig = clientConfig.withCredentials(RegistryCredentials.Basic.parse(basic.value()));
        } else if (bearer != null) {
            clientConfig = clientConfig.withCredentials(new RegistryCredentials.Bearer(bearer.value()));
        }
        return new RestSchemaRegistryClient(clientConfig);
    }

    public static RecordSerdes serdes(SchemaRegistry registry) {
        return new RecordSerdes(
                AvroSerdes.value(ImageUploaded.class, registry),
                AvroSerdes.value(ImageDescriptor.class, registry),
                AvroSerdes.value(DeadLetter.class, registry),
                AvroSerdes.value(ImageMatch.class, registry));
    }
}
