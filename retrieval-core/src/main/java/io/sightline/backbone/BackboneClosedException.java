package io.sightline.backbone;

/**
 * The backbone was closed (the process is stopping): no image's fault, so callers must not treat it as a failed
 * image (a dead letter) but let it end the work in progress, which is then redone after a restart.
 */
public final class BackboneClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BackboneClosedException(String message) {
        super(message);
    }
}
