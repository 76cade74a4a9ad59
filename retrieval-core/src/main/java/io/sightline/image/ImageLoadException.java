package io.sightline.image;

/**
 * An image could not be fetched or decoded. Carries the pipeline stage so callers can route it to the
 * dead-letter topic with a precise reason.
 */
public final class ImageLoadException extends Exception {
    /** Where loading failed. Names match the dead-letter stages. */
    public enum Stage {
        FETCH,
        DECODE
    }

    private final Stage stage;

    public ImageLoadException(Stage stage, String message) {
        this(stage, message, null);
    }

    public ImageLoadException(Stage stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
