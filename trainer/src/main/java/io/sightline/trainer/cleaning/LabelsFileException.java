package io.sightline.trainer.cleaning;

/** A labels file that cannot be used, with the file and line at fault. */
public final class LabelsFileException extends RuntimeException {
    public LabelsFileException(String message) {
        super(message);
    }
}
