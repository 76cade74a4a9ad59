package io.sightline.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes are not a readable Confluent-framed Avro value. Retrying cannot help: the record
 * belongs on the dead-letter topic, with {@link #reason()} saying why.
 */
public class WireFormatException extends SerializationException {

    /** What is wrong with the bytes. */
    public enum Reason {
        /** Zero bytes: not a tombstone (that is null) and not a record. */
        EMPTY,
        /** The first byte is not 0, so this is not Confluent-framed data (plain JSON, say). */
        BAD_MAGIC_BYTE,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema cannot be resolved to the reader's type (registry misuse upstream). */
        INCOMPATIBLE_SCHEMA,
        /** The header is fine but what follows is not a value of the writer schema. */
        MALFORMED_AVRO
    }

    private final Reason reason;
    private final String topic;

    public WireFormatException(Reason reason, String topic, String detail) {
        this(reason, topic, detail, null);
    }

    public WireFormatException(Reason reason, String topic, String detail, Throwable cause) {
        super("Cannot read record from topic '" + topic + "': " + reason + " - " + detail, cause);
        this.reason = reason;
        this.topic = topic;
    }

    public Reason reason() {
        return reason;
    }

    public String topic() {
        return topic;
    }
}
