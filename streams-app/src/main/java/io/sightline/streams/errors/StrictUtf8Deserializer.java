package io.sightline.streams.errors;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Record keys (image ids) as UTF-8 that refuses malformed bytes instead of replacing them, so an undecodable key
 * reaches the deserialization exception handler (and the dead-letter topic) instead of becoming a mangled id.
 */
public final class StrictUtf8Deserializer implements Deserializer<String> {
    @Override
    public String deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new KeyFormatException(
                    "key of " + data.length + " byte(s) on topic '" + topic + "' is not valid UTF-8", e);
        }
    }

    /** The key bytes are not an image id; retrying cannot help. */
    public static final class KeyFormatException extends SerializationException {
        KeyFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
