package io.sightline.serde;

import io.sightline.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka {@link Serde}s for generated Avro types, for Kafka Streams topologies and plain clients. */
public final class AvroSerdes {

    private AvroSerdes() {}

    /** Values of {@code type}, subject {@code <topic>-value}, schema registered on first write. */
    public static <T extends SpecificRecord> Serde<T> value(Class<T> type, SchemaRegistry registry) {
        return of(type, registry, false, true);
    }

    /** Keys of {@code type}, subject {@code <topic>-key}, schema registered on first write. */
    public static <T extends SpecificRecord> Serde<T> key(Class<T> type, SchemaRegistry registry) {
        return of(type, registry, true, true);
    }

    /**
     * @param autoRegister false where schemas are registered by deployment only: writing then fails
     *     unless the schema is already registered under the subject
     */
    public static <T extends SpecificRecord> Serde<T> of(
            Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
        return Serdes.serdeFrom(
                new ConfluentAvroSerializer<>(registry, isKey, autoRegister),
                new ConfluentAvroDeserializer<>(registry, type));
    }
}
