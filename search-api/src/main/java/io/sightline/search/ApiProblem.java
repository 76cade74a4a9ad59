package io.sightline.search;

import io.javalin.http.HttpStatus;

/**
 * A client-facing failure raised while handling a request; turned into a {@link Problem} by {@link ProblemMapper}.
 * The detail is returned verbatim, so it must never carry internals.
 */
public final class ApiProblem extends RuntimeException {

    private static final String TYPE_PREFIX = "urn:sightline:problem:";

    private final int status;
    private final String type;
    private final boolean closeConnection;

    /**
     * @param status HTTP status
     * @param slug   problem-type slug, e.g. {@code invalid-parameter}; {@code null} for {@code about:blank}
     * @param detail client-facing explanation
     */
    public ApiProblem(int status, String slug, String detail) {
        this(status, slug, detail, null);
    }

    ApiProblem(int status, String slug, String detail, Throwable cause) {
        this(status, slug, detail, cause, false);
    }

    private ApiProblem(int status, String slug, String detail, Throwable cause, boolean closeConnection) {
        super(detail, cause, false, false);
        this.status = status;
        this.type = slug == null ? "about:blank" : TYPE_PREFIX + slug;
        this.closeConnection = closeConnection;
    }

    /**
     * A problem raised before the request body was fully read: the connection cannot be reused safely, so the
     * response asks the client to close it instead of leaving unread bytes in the stream.
     */
    static ApiProblem bodyNotConsumed(int status, String slug, String detail, Throwable cause) {
        return new ApiProblem(status, slug, detail, cause, true);
    }

    public static ApiProblem badRequest(String slug, String detail) {
        return new ApiProblem(400, slug, detail);
    }

    static ApiProblem tooLarge(long maxBytes) {
        return bodyNotConsumed(
                413, "image-too-large", "The query image exceeds the limit of " + maxBytes + " bytes", null);
    }

    int status() {
        return status;
    }

    boolean closeConnection() {
        return closeConnection;
    }

    Problem toProblem(String instance) {
        return new Problem(type, title(status), status, getMessage(), instance);
    }

    /** The standard reason phrase of a status, or a generic one for unknown codes. */
    static String title(int status) {
        HttpStatus known = HttpStatus.forStatus(status);
        if (known != HttpStatus.UNKNOWN) {
            return known.getMessage();
        }
        return status >= 500 ? "Server Error" : "Client Error";
    }
}
