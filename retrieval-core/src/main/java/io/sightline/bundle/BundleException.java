package io.sightline.bundle;

/** A bundle that cannot be read, is inconsistent, or does not match its backbone file. */
public final class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
