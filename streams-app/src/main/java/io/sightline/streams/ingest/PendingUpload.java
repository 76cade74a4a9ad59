package io.sightline.streams.ingest;

import io.sightline.schemas.ImageUploaded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * An upload waiting in a micro-batch, as kept in the ingest processor's changelogged buffer store: what is needed
 * to finish it after a crash or a rebalance, when only the store survives (the event, the payload head a dead
 * letter quotes, the record's timestamp and headers, and where it was read from).
 */
record PendingUpload(
        String key, ImageUploaded upload, byte[] payloadHead, long timestamp, List<Header> headers, Origin origin) {
    private static final int FORMAT = 1;

    /** Where the upload was read from, for dead letters. */
    record Origin(String topic, int partition, long offset) implements RecordMetadata {
        static Origin of(RecordMetadata m) {
            return m == null ? new Origin("", -1, -1L) : new Origin(m.topic(), m.partition(), m.offset());
        }
    }

    PendingUpload {
        headers = List.copyOf(headers);
    }

    Headers kafkaHeaders() {
        return new RecordHeaders(headers.toArray(Header[]::new));
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeUTF(key);
            writeBytes(out, toBytes(upload.toByteBuffer()));
            writeBytes(out, payloadHead);
            out.writeLong(timestamp);
            out.writeInt(headers.size());
            for (Header h : headers) {
                out.writeUTF(h.key());
                writeBytes(out, h.value());
            }
            out.writeUTF(origin.topic());
            out.writeInt(origin.partition());
            out.writeLong(origin.offset());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode pending upload " + key, e);
        }
    }

    static PendingUpload decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("pending upload in unknown format " + format);
            }
            String key = in.readUTF();
            ImageUploaded upload = ImageUploaded.fromByteBuffer(ByteBuffer.wrap(readBytes(in)));
            byte[] head = readBytes(in);
            long timestamp = in.readLong();
            int n = in.readInt();
            List<Header> headers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                headers.add(new org.apache.kafka.common.header.internals.RecordHeader(in.readUTF(), readBytes(in)));
            }
            Origin origin = new Origin(in.readUTF(), in.readInt(), in.readLong());
            return new PendingUpload(key, upload, head, timestamp, headers, origin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a pending upload", e);
        }
    }

    private static byte[] toBytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : in.readNBytes(n);
    }
}
