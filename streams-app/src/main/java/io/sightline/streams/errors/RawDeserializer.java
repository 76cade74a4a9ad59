package io.sightline.streams.errors;

import org.apache.kafka.common.serialization.Deserializer;

/** Deserializes with {@code values} and keeps the original bytes next to the value; null stays null (tombstone). */
public final class RawDeserializer<T> implements Deserializer<Raw<T>> {
    private final Deserializer<T> values;

    public RawDeserializer(Deserializer<T> values) {
        this.values = values;
    }

    @Override
    public Raw<T> deserialize(String topic, byte[] data) {
        return data == null ? null : new Raw<>(values.deserialize(topic, data), data);
    }
}
