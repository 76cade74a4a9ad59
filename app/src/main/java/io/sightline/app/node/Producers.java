package io.sightline.app.node;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.KafkaClients;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.ModelPublished;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.RecordSerdes;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka producers of upload and model events, configured for durability (acks=all, idempotent). */
public final class Producers {
    private Producers() {}

    public static Producer<String, ImageUploaded> uploads(SightlineConfig config, RecordSerdes serdes) {
        Properties props = durable(config);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.getInt(SightlineConfig.TOPIC_MAX_MESSAGE_BYTES));
        return new KafkaProducer<>(
                props, new StringSerializer(), serdes.uploads().serializer());
    }

    /** Producer of models.published events (key = version). */
    public static Producer<String, ModelPublished> models(SightlineConfig config, SchemaRegistry registry) {
        return new KafkaProducer<>(
                durable(config),
                new StringSerializer(),
                AvroSerdes.value(ModelPublished.class, registry).serializer());
    }

    private static Properties durable(SightlineConfig config) {
        Properties props = KafkaClients.properties(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
