package io.sightline.serde;

import io.sightline.serde.WireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Confluent's framing: magic byte 0, then the schema id as a big-endian int, then the payload. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 1 + Integer.BYTES;

    private WireFormat() {}

    static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.writeBytes(ByteBuffer.allocate(HEADER_SIZE)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .array());
    }

    /** The schema id in the header of {@code data}, after checking the header is there. */
    static int schemaId(String topic, byte[] data) {
        if (data.length == 0) {
            throw new WireFormatException(Reason.EMPTY, topic, "record value has no bytes");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(
                    Reason.BAD_MAGIC_BYTE,
                    topic,
                    String.format("expected magic byte 0x00, got 0x%02x", data[0] & 0xff));
        }
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException(
                    Reason.MALFORMED_AVRO,
                    topic,
                    "record has " + data.length + " byte(s), fewer than the " + HEADER_SIZE + "-byte header");
        }
        return ByteBuffer.wrap(data, 1, Integer.BYTES).getInt();
    }
}
