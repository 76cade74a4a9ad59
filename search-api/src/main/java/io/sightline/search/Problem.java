package io.sightline.search;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details document, served as {@code application/problem+json}.
 *
 * @param type     URI identifying the problem type ({@code about:blank} when the status says it all)
 * @param title    short, human-readable summary of the problem type
 * @param status   HTTP status code
 * @param detail   explanation specific to this occurrence
 * @param instance the request path the problem occurred on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
