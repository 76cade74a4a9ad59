package io.sightline.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into an RFC 9457 problem document; never leaks a stack trace or an internal message. */
final class ProblemMapper {

    static final String GENERIC_DETAIL = "An unexpected error occurred while processing the request";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private final ObjectMapper mapper;
    private final Map<String, String> allowedMethodsByPath;

    /**
     * @param mapper               serialises problem documents
     * @param allowedMethodsByPath value of the {@code Allow} header of a 405 answer, per route path
     */
    ProblemMapper(ObjectMapper mapper, Map<String, String> allowedMethodsByPath) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.allowedMethodsByPath = Map.copyOf(allowedMethodsByPath);
    }

    /** Registers the exception handlers, most specific first. */
    void register(RoutesConfig routes) {
        routes.exception(ApiProblem.class, this::onApiProblem);
        routes.exception(HttpResponseException.class, this::onHttpResponseException);
        routes.exception(Exception.class, this::onUnexpected);
    }

    /** Answers a {@link java.lang.Error} thrown by a handler, outside of Javalin's context. */
    void onError(HttpServletResponse res, Error error) {
        LOG.error("Unexpected error while processing a request", error);
        try {
            byte[] body = json(new Problem("about:blank", ApiProblem.title(500), 500, GENERIC_DETAIL, null));
            res.setStatus(500);
            res.setContentType(Problem.MEDIA_TYPE);
            res.getOutputStream().write(body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not write the problem response", e);
        }
    }

    private void onApiProblem(ApiProblem e, Context ctx) {
        if (e.closeConnection()) {
            ctx.header("Connection", "close");
        }
        respond(ctx, e.toProblem(ctx.path()));
    }

    private void onHttpResponseException(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String detail = switch (status) {
            case 404 ->
                e instanceof EndpointNotFound
                        ? "No endpoint " + ctx.method() + " " + ctx.path()
                        : "The resource was not found";
            case 405 -> {
                String allow = allowedMethodsByPath.get(ctx.path());
                if (allow != null) {
                    ctx.header("Allow", allow);
                }
                yield "Method " + ctx.method() + " is not allowed on " + ctx.path();
            }
            case 413 -> {
                ctx.header("Connection", "close");
                yield "The request body is too large";
            }
            default -> status >= 500 ? GENERIC_DETAIL : ApiProblem.title(status);
        };
        if (status >= 500) {
            LOG.error("Request {} {} failed with status {}", ctx.method(), ctx.path(), status, e);
        }
        respond(ctx, new Problem("about:blank", ApiProblem.title(status), status, detail, ctx.path()));
    }

    private void onUnexpected(Exception e, Context ctx) {
        LOG.error(
                "Request {} {} failed (query={}, contentType={}, contentLength={})",
                ctx.method(),
                ctx.path(),
                ctx.queryString(),
                ctx.contentType(),
                ctx.req().getContentLengthLong(),
                e);
        respond(ctx, new Problem("about:blank", ApiProblem.title(500), 500, GENERIC_DETAIL, ctx.path()));
    }

    private void respond(Context ctx, Problem problem) {
        ctx.status(problem.status());
        ctx.contentType(Problem.MEDIA_TYPE);
        ctx.result(json(problem));
    }

    private byte[] json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem documents are always serialisable", e);
        }
    }
}
