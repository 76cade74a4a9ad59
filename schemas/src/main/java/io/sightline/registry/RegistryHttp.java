package io.sightline.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.registry.RestMessages.ErrorResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON call to a Confluent-compatible registry: headers, retries with exponential backoff on
 * I/O errors and 5xx answers, and Confluent error bodies turned into {@link RegistryException}.
 */
final class RegistryHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryHttp.class);

    /** What Confluent's own client sends: prefer the registry type, settle for plain JSON. */
    private static final String ACCEPT =
            RestMessages.CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    /** Keeps exponential growth from overflowing; a minute is already far beyond useful. */
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json = RestMessages.objectMapper();
    private final String base;

    RegistryHttp(RegistryClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        String url = config.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Encodes one path segment (a subject name may hold characters that are not URL-safe). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    <T> T get(String path, Class<T> type) {
        return call("GET", path, null, json.constructType(type));
    }

    <T> T get(String path, JavaType type) {
        return call("GET", path, null, type);
    }

    <T> T post(String path, Object body, Class<T> type) {
        return call("POST", path, body, json.constructType(type));
    }

    <T> T put(String path, Object body, Class<T> type) {
        return call("PUT", path, body, json.constructType(type));
    }

    JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    private <T> T call(String method, String path, Object body, JavaType type) {
        HttpRequest request = request(method, path, body);
        for (int attempt = 0; ; attempt++) {
            boolean mayRetry = attempt < config.maxRetries();
            try {
                HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return json.readValue(response.body(), type);
                }
                RegistryException error = errorOf(request, response);
                if (status < 500 || !mayRetry) {
                    throw error;
                }
                log.warn(
                        "Schema registry {} {} answered {} (attempt {}/{}), retrying: {}",
                        method,
                        request.uri(),
                        status,
                        attempt + 1,
                        config.maxRetries() + 1,
                        error.getMessage());
            } catch (JsonProcessingException e) {
                throw new RegistryException(
                        RegistryException.NO_RESPONSE,
                        RegistryException.NO_RESPONSE,
                        "Unreadable answer from schema registry " + method + " " + request.uri() + ": "
                                + e.getOriginalMessage(),
                        e);
            } catch (IOException e) {
                if (!mayRetry) {
                    throw new RegistryException(
                            RegistryException.NO_RESPONSE,
                            RegistryException.NO_RESPONSE,
                            "Schema registry " + method + " " + request.uri() + " failed after " + (attempt + 1)
                                    + " attempt(s): " + e,
                            e);
                }
                log.warn(
                        "Schema registry {} {} failed (attempt {}/{}), retrying: {}",
                        method,
                        request.uri(),
                        attempt + 1,
                        config.maxRetries() + 1,
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(request, e);
            }
            sleep(backoff(attempt), request);
        }
    }

    private HttpRequest request(String method, String path, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.timeout())
                .header("Accept", ACCEPT);
        config.credentials().ifPresent(c -> builder.header("Authorization", c.authorizationHeader()));
        if (body == null) {
            return builder.method(method, BodyPublishers.noBody()).build();
        }
        try {
            return builder.header("Content-Type", RestMessages.CONTENT_TYPE)
                    .method(method, BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode request body for " + path, e);
        }
    }

    /** Confluent answers {"error_code":..,"message":..}; a proxy in between may answer anything. */
    private RegistryException errorOf(HttpRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String where = " (" + request.method() + " " + request.uri() + " -> HTTP " + status;
        try {
            ErrorResponse error = json.readValue(response.body(), ErrorResponse.class);
            if (error.errorCode() != 0) {
                return new RegistryException(
                        status, error.errorCode(), error.message() + where + ", error_code " + error.errorCode() + ")");
            }
        } catch (JsonProcessingException notConfluentJson) {
            // fall through to a message built from the raw body
        }
        String bodyHead = response.body() == null ? "" : response.body().strip();
        if (bodyHead.length() > 200) {
            bodyHead = bodyHead.substring(0, 200) + "...";
        }
        return new RegistryException(status, status, "Unexpected answer: " + bodyHead + where + ")");
    }

    Duration backoff(int attempt) {
        Duration delay = config.initialBackoff().multipliedBy(1L << Math.min(attempt, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private static void sleep(Duration delay, HttpRequest request) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(request, e);
        }
    }

    private static RegistryException interrupted(HttpRequest request, InterruptedException e) {
        return new RegistryException(
                RegistryException.NO_RESPONSE,
                RegistryException.NO_RESPONSE,
                "Interrupted while calling schema registry " + request.method() + " " + request.uri(),
                e);
    }

    @Override
    public void close() {
        http.close();
    }
}
