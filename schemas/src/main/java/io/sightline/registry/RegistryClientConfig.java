package io.sightline.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of {@link RestSchemaRegistryClient}.
 *
 * @param baseUrl registry root, e.g. {@code http://registry:8081}; a path prefix is kept
 * @param credentials sent with every request when present
 * @param timeout connect timeout and per-request timeout
 * @param maxRetries extra attempts after an I/O error or a 5xx answer (never after a 4xx)
 * @param initialBackoff wait before the first retry, doubled before each next one
 */
public record RegistryClientConfig(
        URI baseUrl,
        Optional<RegistryCredentials> credentials,
        Duration timeout,
        int maxRetries,
        Duration initialBackoff) {

    public RegistryClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be >= 0, was " + initialBackoff);
        }
    }

    /** No credentials, 10 s timeout, 3 retries from 100 ms. */
    public static RegistryClientConfig of(URI baseUrl) {
        return new RegistryClientConfig(baseUrl, Optional.empty(), Duration.ofSeconds(10), 3, Duration.ofMillis(100));
    }

    public RegistryClientConfig withCredentials(RegistryCredentials credentials) {
        return new RegistryClientConfig(baseUrl, Optional.of(credentials), timeout, maxRetries, initialBackoff);
    }

    public RegistryClientConfig withTimeout(Duration timeout) {
        return new RegistryClientConfig(baseUrl, credentials, timeout, maxRetries, initialBackoff);
    }

    public RegistryClientConfig withRetries(int maxRetries, Duration initialBackoff) {
        return new RegistryClientConfig(baseUrl, credentials, timeout, maxRetries, initialBackoff);
    }
}
