package io.sightline.serde;

import io.sightline.registry.RegistryError;
import io.sightline.registry.RegistryException;
import io.sightline.registry.SchemaRegistry;
import io.sightline.serde.WireFormatException.Reason;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into {@code T}: the writer schema comes from the registry by the id in
 * the header and is resolved against {@code T}'s own schema, so records written with older or newer
 * compatible schemas come out as today's {@code T}.
 *
 * <p>Bad bytes raise {@link WireFormatException}; a registry that cannot be reached raises a plain
 * {@link SerializationException}, since that record is fine and worth retrying later.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final Map<Integer, Resolution<T>> resolutions = new ConcurrentHashMap<>();

    /** Either a reader for a writer schema, or why that writer schema cannot be read as T. */
    private record Resolution<T>(DatumReader<T> reader, String incompatibility) {}

    public ConfluentAvroDeserializer(SchemaRegistry registry, Class<T> type) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readerSchema = SpecificData.get().getSchema(Objects.requireNonNull(type, "type"));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        Resolution<T> resolution = resolve(topic, id);
        if (resolution.reader() == null) {
            throw new WireFormatException(
                    Reason.INCOMPATIBLE_SCHEMA,
                    topic,
                    "writer schema id " + id
                            + " cannot be read as " + readerSchema.getFullName() + ": "
                            + resolution.incompatibility());
        }
        int length = data.length - WireFormat.HEADER_SIZE;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, length, null);
        T value;
        try {
            value = resolution.reader().read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(
                    Reason.MALFORMED_AVRO,
                    topic,
                    "payload of " + length + " byte(s) is not a value of schema id " + id + ": " + e,
                    e);
        }
        if (!isFullyRead(decoder)) {
            throw new WireFormatException(
                    Reason.MALFORMED_AVRO,
                    topic,
                    "bytes left over after a value of schema id " + id + " (wrong schema id?)");
        }
        return value;
    }

    private Resolution<T> resolve(String topic, int id) {
        Resolution<T> cached = resolutions.get(id);
        if (cached != null) {
            return cached;
        }
        Schema writerSchema = writerSchema(topic, id);
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        Resolution<T> resolution = compatibility.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
                ? new Resolution<>(new SpecificDatumReader<>(writerSchema, readerSchema), null)
                : new Resolution<>(
                        null, compatibility.getResult().getIncompatibilities().toString());
        resolutions.putIfAbsent(id, resolution);
        return resolution;
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (RegistryException e) {
            if (RegistryError.SCHEMA_NOT_FOUND.matches(e)) {
                throw new WireFormatException(
                        Reason.UNKNOWN_SCHEMA_ID, topic, "schema id " + id + " is not in the registry", e);
            }
            throw new SerializationException(
                    "Cannot fetch schema id " + id + " for a record of topic '" + topic + "' from the registry: "
                            + e.getMessage(),
                    e);
        }
    }

    private static boolean isFullyRead(BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            return false;
        }
    }
}
