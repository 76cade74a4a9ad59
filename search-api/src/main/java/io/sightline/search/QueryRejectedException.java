package io.sightline.search;

/**
 * Thrown by a {@link QueryEncoder} when the query image itself is unacceptable, for example undecodable
 * ({@code 422} or {@code 400}) or too large once decoded ({@code 413}). The message is shown to the client as the
 * problem detail, so it must not contain internals.
 */
public class QueryRejectedException extends Exception {

    private final int httpStatus;

    /**
     * @param message    client-facing explanation
     * @param httpStatus a 4xx status code
     * @throws IllegalArgumentException if {@code httpStatus} is not a client error
     */
    public QueryRejectedException(String message, int httpStatus) {
        this(message, httpStatus, null);
    }

    /**
     * @param message    client-facing explanation
     * @param httpStatus a 4xx status code
     * @param cause      the underlying failure, logged but never returned to the client
     * @throws IllegalArgumentException if {@code httpStatus} is not a client error
     */
    public QueryRejectedException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        if (httpStatus < 400 || httpStatus > 499) {
            throw new IllegalArgumentException("httpStatus must be a 4xx client error, got " + httpStatus);
        }
        this.httpStatus = httpStatus;
    }

    /** The 4xx status the client receives. */
    public int httpStatus() {
        return httpStatus;
    }
}
