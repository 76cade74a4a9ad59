package io.sightline.backbone;

/** The backbone or a pooling head failed on an image that decoded fine. */
public final class ExtractionException extends Exception {
    public ExtractionException(String message) {
        super(message);
    }

    public ExtractionException(String message, Throwable cause) {
        super(message, cause);
    }
}
