package io.sightline.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (unparseable requests, oversized headers, failures outside Javalin) as problem+json
 * instead of Jetty's HTML pages, which may show stack traces.
 */
final class JettyProblemErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    JettyProblemErrorHandler(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String instance = request == null ? null : request.getHttpURI().getPath();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(problem(code, instance)), callback);
    }

    private byte[] problem(int status, String instance) {
        String detail = status >= 500
                ? ProblemMapper.GENERIC_DETAIL
                : "The request could not be processed: " + ApiProblem.title(status);
        try {
            return mapper.writeValueAsString(
                            new Problem("about:blank", ApiProblem.title(status), status, detail, instance))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem documents are always serialisable", e);
        }
    }
}
