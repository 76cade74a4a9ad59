package io.sightline.streams.ingest;

/** An upload event that is well-formed Avro but not a valid request (missing id, bad URI, ...). */
public final class InvalidUploadException extends Exception {
    public InvalidUploadException(String message) {
        super(message);
    }
}
