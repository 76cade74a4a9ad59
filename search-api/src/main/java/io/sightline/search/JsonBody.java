package io.sightline.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads a small JSON object body, capped so a client cannot make the server buffer megabytes of JSON. */
final class JsonBody {
    static final int MAX_BYTES = 64 * 1024;
    /**
     * A body declared at most this long is read and thrown away before the 413 is sent. Answering first and closing
     * the connection while the client is still sending makes the client see a reset instead of the answer (HTTP/1.1
     * has no way around it but to read); a larger body is refused without reading it, and the connection is closed.
     */
    static final long DRAIN_MAX_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;

    JsonBody(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads and discards the rest of {@code in}, at most {@code cap} bytes; whether it reached the end. */
    private static boolean drain(InputStream in, long cap) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[8192];
        for (int n; skipped <= cap && (n = in.read(buffer)) >= 0; ) {
            skipped += n;
        }
        return skipped <= cap;
    }

    static boolean isJson(Context ctx) {
        String type = ctx.contentType();
        return type != null
                && type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json");
    }

    /** @throws ApiProblem 413 over {@value #MAX_BYTES} bytes, 400 when not a JSON object */
    JsonNode read(Context ctx) {
        if (ctx.req().getContentLengthLong() > DRAIN_MAX_BYTES) {
            throw ApiProblem.bodyNotConsumed(
                    413, "body-too-large", "JSON bodies are limited to " + MAX_BYTES + " bytes", null);
        }
        byte[] body;
        boolean drained;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
            drained = body.length <= MAX_BYTES || drain(in, DRAIN_MAX_BYTES - body.length);
        } catch (IOException e) {
            throw ApiProblem.bodyNotConsumed(400, "unreadable-body", "The request body could not be read", e);
        }
        if (body.length > MAX_BYTES) {
            String detail = "JSON bodies are limited to " + MAX_BYTES + " bytes";
            throw drained
                    ? new ApiProblem(413, "body-too-large", detail, null)
                    : ApiProblem.bodyNotConsumed(413, "body-too-large", detail, null);
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw new ApiProblem(400, "malformed-json", "The request body is not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("malformed-json", "The request body must be a JSON object");
        }
        return node;
    }

    /** A text field, or null when absent; anything but a string is refused. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiProblem.badRequest("invalid-parameter", "'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
