package io.sightline.streams.errors;

import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.Stage;
import io.sightline.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * What the exception handlers need to write a dead letter: the topic, the serializer and the record factory.
 * Kafka Streams creates handlers by class name, so the routing reaches them as an object in the Streams
 * configuration under {@link #CONFIG}; {@link #streamsConfig()} gives every property the handlers need.
 */
public record DeadLetterRouting(String topic, Serializer<DeadLetter> values, DeadLetters deadLetters) {
    public static final String CONFIG = "sightline.dead.letter.routing";

    public DeadLetterRouting {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** The Kafka Streams properties that install both handlers with this routing. */
    public Map<String, Object> streamsConfig() {
        return Map.of(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class,
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProductionHandler.class,
                CONFIG,
                this);
    }

    static DeadLetterRouting from(Map<String, ?> configs) {
        Object routing = configs.get(CONFIG);
        if (!(routing instanceof DeadLetterRouting r)) {
            throw new IllegalStateException("the Kafka Streams configuration has no " + CONFIG
                    + " (use DeadLetterRouting.streamsConfig()); found " + routing);
        }
        return r;
    }

    /**
     * A dead letter for the source record of {@code context}: its raw coordinates, the head of its raw value and
     * the image id when its key is readable. Keyed by the image id, or by {@code topic/partition@offset} when the key
     * itself is what cannot be read.
     */
    ProducerRecord<byte[], byte[]> letter(
            ErrorHandlerContext context, String imageId, Stage stage, Throwable error, byte[] payload) {
        DeadLetter letter =
                deadLetters.of(imageId, stage, error, context.topic(), context.partition(), context.offset(), payload);
        String key = imageId != null ? imageId : context.topic() + "/" + context.partition() + "@" + context.offset();
        return new ProducerRecord<>(
                topic, null, key.getBytes(StandardCharsets.UTF_8), values.serialize(topic, letter), context.headers());
    }

    static String utf8OrNull(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            return new StrictUtf8Deserializer().deserialize("", key);
        } catch (StrictUtf8Deserializer.KeyFormatException e) {
            return null;
        }
    }
}
