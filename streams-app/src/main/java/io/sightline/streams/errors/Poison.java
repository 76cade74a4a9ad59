package io.sightline.streams.errors;

import io.sightline.serde.WireFormatException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Tells a record's own fault (the bytes can never be read or written: dead-letter it) from the world's fault
 * (registry or broker unreachable, a bug: fail, so the record is retried from the last commit and never dropped).
 */
final class Poison {
    private Poison() {}

    /** True when retrying the same record cannot succeed. */
    static boolean isRecordsFault(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WireFormatException
                    || t instanceof StrictUtf8Deserializer.KeyFormatException
                    || t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
