package io.sightline.serde;

import io.sightline.registry.RegistryException;
import io.sightline.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in Confluent's wire format under subject {@code <topic>-value} (or
 * {@code -key}). The schema id is resolved once per topic and schema, registering the schema on first
 * use unless auto-registration is off, in which case it must already be registered.
 *
 * <p>Configured through its constructor only: Kafka does not call {@code configure} on serializer
 * instances handed to a producer or to Kafka Streams, so nothing here depends on it.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistry registry;
    private final boolean isKey;
    private final boolean autoRegister;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    /** A value serializer that registers its schema on first use. */
    public ConfluentAvroSerializer(SchemaRegistry registry) {
        this(registry, false, true);
    }

    public ConfluentAvroSerializer(SchemaRegistry registry, boolean isKey, boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        WireFormat.writeHeader(out, id);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot write " + schema.getFullName() + " to topic '" + topic + "' with schema id " + id + ": "
                            + e.getMessage(),
                    e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        SubjectSchema key = new SubjectSchema(TopicNameStrategy.subject(topic, isKey), schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            int id = autoRegister
                    ? registry.register(key.subject(), schema)
                    : registry.lookup(key.subject(), schema).id();
            ids.putIfAbsent(key, id);
            return id;
        } catch (RegistryException e) {
            throw new SerializationException(
                    (autoRegister ? "Cannot register " : "Cannot find ")
                            + schema.getFullName() + " under subject '" + key.subject() + "' for topic '" + topic
                            + "': " + e.getMessage(),
                    e);
        }
    }
}
