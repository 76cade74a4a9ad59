package io.sightline.search.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the {@link InternalRoutes} of other instances over HTTP/1.1 (kept-alive connections), each call bounded by
 * the timeout. Failures never propagate: a search that fails or times out comes back as all its partitions
 * missing, a read as empty, so the caller answers partially instead of failing.
 */
public final class PeerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);

    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Duration timeout;
    private final Optional<String> bearer;
    private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();
    private static final long WARN_EVERY_MILLIS = 5000;

    /**
     * @param timeout  longest wait for a peer's answer, connection included
     * @param apiKey   key with the read scope sent to peers when API keys are on; empty otherwise
     */
    public PeerClient(Duration timeout, Optional<String> apiKey) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.bearer = apiKey.map(key -> "Bearer " + key);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** The owner's top hits among {@code query.partitions()}; all of them missing if it fails or is too slow. */
    public CompletableFuture<ShardReply> search(Owner owner, ShardQuery query) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(query);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a shard query", e);
        }
        HttpRequest request = request(owner, InternalRoutes.SEARCH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("status " + response.statusCode());
                    }
                    try {
                        return mapper.readValue(response.body(), ShardReply.class);
                    } catch (IOException e) {
                        throw new IllegalStateException("unreadable reply", e);
                    }
                })
                .exceptionally(e -> {
                    warn(owner, "a search for partitions " + query.partitions(), e);
                    return ShardReply.failed(query.partitions());
                });
    }

    /** The image as its owner holds it; empty when the owner does not have it, fails or is too slow. */
    public Optional<PeerImage> image(Owner owner, String imageId, boolean thumbnail, boolean vector) {
        return image(owner, imageId, thumbnail, vector, false);
    }

    /** As {@link #image(Owner, String, boolean, boolean)}, with the stored local features when {@code local}. */
    public Optional<PeerImage> image(Owner owner, String imageId, boolean thumbnail, boolean vector, boolean local) {
        String path = InternalRoutes.IMAGE.replace("{id}", URLEncoder.encode(imageId, StandardCharsets.UTF_8))
                + "?thumbnail=" + thumbnail + "&vector=" + vector + "&local=" + local;
        return get(owner, path, PeerImage.class, "image " + imageId);
    }

    /** Images in the owner's shards of {@code partitions}; empty when it fails or is too slow. */
    public Optional<ShardCount> count(Owner owner, List<Integer> partitions) {
        String list = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        return get(owner, InternalRoutes.COUNT + "?partitions=" + list, ShardCount.class, "count");
    }

    private <T> Optional<T> get(Owner owner, String path, Class<T> type, String what) {
        try {
            HttpResponse<byte[]> response =
                    http.send(request(owner, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                warn(owner, what, new IOException("status " + response.statusCode()));
                return Optional.empty();
            }
            return Optional.of(mapper.readValue(response.body(), type));
        } catch (IOException e) {
            warn(owner, what, e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** At most one warning per peer every {@link #WARN_EVERY_MILLIS}: a dead peer fails every search until it moves. */
    private void warn(Owner owner, String what, Throwable e) {
        long now = System.currentTimeMillis();
        Long last = lastWarned.get(owner.address());
        if (last == null || now - last >= WARN_EVERY_MILLIS) {
            lastWarned.put(owner.address(), now);
            LOG.warn(
                    "Peer {} did not answer {} (answers are partial meanwhile): {}",
                    owner.address(),
                    what,
                    e.toString());
        } else {
            LOG.debug("Peer {} did not answer {}: {}", owner.address(), what, e.toString());
        }
    }

    private HttpRequest.Builder request(Owner owner, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + owner.address() + path))
                .timeout(timeout);
        bearer.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
