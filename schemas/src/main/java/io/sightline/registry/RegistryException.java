package io.sightline.registry;

/**
 * A schema registry call failed. Carries Confluent's {@code error_code} and the HTTP status so that
 * callers can tell "not there" (404xx) from "refused" (409, 422xx) from "broken" (5xx).
 */
public class RegistryException extends RuntimeException {

    /** Status and code used when no HTTP answer was received at all (network failure, interrupt). */
    public static final int NO_RESPONSE = -1;

    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** True for 404xx answers: the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
