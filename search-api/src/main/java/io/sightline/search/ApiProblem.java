package io.sightline.search;

import io.javalin.http.HttpStatus;

/**
 * A client-facing failure raised while handling a request; turned into a {@link Problem} by {@link ProblemMapper}.
 * The detail is returned verbatim, so it must never carry internals.
 */
final class ApiProblem extends RuntimeException {

    private static final String TYPE_PREFIX = "urn:sightline:problem:";

    private final int status;
    private final String type;

    /**
     * @param status HTTP status
     * @param slug   problem-type slug, e.g. {@code invalid-parameter}; {@code null} for {@code about:blank}
     * @param detail client-facing explanation
     */
    ApiProblem(int status, String slug, String detail) {
        this(status, slug, detail, null);
    }

    ApiProblem(int status, String slug, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.status = status;
        this.type = slug == null ? "about:blank" : TYPE_PREFIX + slug;
    }

    static ApiProblem badRequest(String slug, String detail) {
        return new ApiProblem(400, slug, detail);
    }

    static ApiProblem tooLarge(long maxBytes) {
        return new ApiProblem(413, "image-too-large", "The query image exceeds the limit of " + maxBytes + " bytes");
    }

    int status() {
        return status;
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
