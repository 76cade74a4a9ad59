package io.sightline.search;

import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link SearchServer}.
 *
 * @param host           interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port           TCP port, {@code 0} for an ephemeral port (see {@link SearchServer#port()})
 * @param maxUploadBytes largest accepted image (query or upload) in bytes; larger ones get {@code 413}
 * @param defaultK       number of results when the request has no {@code k}
 * @param maxK           largest accepted {@code k} (and {@code offset})
 * @param apiKeys        bearer keys and their scopes; none: no authentication
 * @param corsOrigins    origins allowed to call the API from a browser; empty: CORS off
 */
public record SearchServerConfig(
        String host, int port, long maxUploadBytes, int defaultK, int maxK, ApiKeys apiKeys, List<String> corsOrigins) {

    /** Validates every field. */
    public SearchServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKeys, "apiKeys");
        corsOrigins = List.copyOf(corsOrigins);
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxUploadBytes < 1 || maxUploadBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxUploadBytes must be in 1.." + (Integer.MAX_VALUE - 8) + ", got " + maxUploadBytes);
        }
        if (maxK < 1) {
            throw new IllegalArgumentException("maxK must be >= 1, got " + maxK);
        }
        if (defaultK < 1 || defaultK > maxK) {
            throw new IllegalArgumentException("defaultK must be in 1..maxK (" + maxK + "), got " + defaultK);
        }
    }

    /** Without authentication and CORS. */
    public SearchServerConfig(String host, int port, long maxUploadBytes, int defaultK, int maxK) {
        this(host, port, maxUploadBytes, defaultK, maxK, ApiKeys.none(), List.of());
    }

    /** Loopback, ephemeral port, 10 MiB uploads, k = 10 by default and at most 100. */
    public static SearchServerConfig defaults() {
        return new SearchServerConfig("127.0.0.1", 0, 10L * 1024 * 1024, 10, 100);
    }

    public SearchServerConfig withApiKeys(ApiKeys keys) {
        return new SearchServerConfig(host, port, maxUploadBytes, defaultK, maxK, keys, corsOrigins);
    }
}
