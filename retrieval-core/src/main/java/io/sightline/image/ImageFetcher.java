package io.sightline.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the encoded bytes of an image from a {@code file://} or {@code http(s)://} URI, never holding more
 * than {@link ImageLimits#maxBytes()} in memory, within the sources a {@link FetchPolicy} allows.
 *
 * <p>{@link #ImageFetcher(ImageLimits)} is the trusted-upstream setting ({@link FetchPolicy#trustedUpstream()}):
 * {@code file://} anywhere and private addresses allowed, because the demo and the tests publish {@code file://}
 * URIs and fetch from loopback servers. Where anyone but the operator can publish upload events, opt in to the
 * secure setting with {@link #ImageFetcher(ImageLimits, FetchPolicy)} and {@link FetchPolicy#defaults()}: the host
 * of every URI is resolved and refused if any address is loopback, private, link-local, multicast or unspecified
 * (IPv4-mapped forms included); redirects are followed here, not by the HTTP client, so that every hop is checked
 * the same way; {@code file://} paths are confined to the policy's roots after {@code ..} and symbolic links are
 * resolved.
 *
 * <p>Known limit: the host is resolved for the check and again by the HTTP client when it connects, so a DNS
 * server that answers differently the second time (DNS rebinding) can still reach a private address. Closing
 * that needs pinning the checked address into the connection, which {@link HttpClient} cannot do without
 * breaking TLS host name checks; an egress firewall is the backstop. Thread-safe; one instance shares one HTTP
 * client.
 */
public final class ImageFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImageFetcher.class);

    private final ImageLimits limits;
    private final SourceGuard guard;
    private final HttpClient http;

    /** The trusted-upstream setting, see the class comment; use the two-argument constructor for untrusted URIs. */
    public ImageFetcher(ImageLimits limits) {
        this(limits, FetchPolicy.trustedUpstream());
    }

    public ImageFetcher(ImageLimits limits, FetchPolicy policy) {
        this(limits, policy, HostResolver.SYSTEM);
    }

    ImageFetcher(ImageLimits limits, FetchPolicy policy, HostResolver resolver) {
        this.limits = limits;
        this.guard = new SourceGuard(policy, resolver);
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                // Redirects are followed by fetchHttp so that each Location is checked against the policy.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public byte[] fetch(URI uri) throws ImageLoadException {
        String scheme = guard.checkCommon(uri);
        return switch (scheme) {
            case "file" -> fetchFile(uri);
            case "http", "https" -> fetchHttp(uri);
            default ->
                throw new ImageLoadException(
                        ImageLoadException.Stage.FETCH,
                        "unsupported URI scheme '" + scheme + "' in " + uri + " (expected file, http or https)");
        };
    }

    private byte[] fetchFile(URI uri) throws ImageLoadException {
        Path path = guard.confineFile(uri);
        if (!Files.isRegularFile(path)) {
            // A FIFO or a device such as /dev/stdin would block the stream thread or never end.
            throw SourceGuard.refused(path + " is not a regular file");
        }
        // NOFOLLOW_LINKS: the path is already real, so a link appearing now is a swap after the check.
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            // The size only sizes the buffer; the cap is checked on what is read, so a growing file cannot slip
            // through.
            return readCapped(Channels.newInputStream(file), uri, file.size());
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "file not found: " + path, e);
        } catch (IOException e) {
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads at most the cap. A file that still has the size it had when opened is read into one array of exactly
     * that size (a stream through a growing buffer allocated almost four times the photo: 1.49 against 0.39 MB per
     * Paris photo, per image ingested); one that grew or shrank meanwhile is still read whole or refused.
     */
    private byte[] readCapped(InputStream in, URI uri, long expectedSize) throws IOException, ImageLoadException {
        long cap = limits.maxBytes();
        if (expectedSize > cap) {
            throw tooLarge(uri);
        }
        byte[] buf = new byte[(int) Math.max(expectedSize, 1)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                int next = in.read();
                if (next < 0) {
                    return buf;
                }
                if (n + 1L > cap) {
                    throw tooLarge(uri);
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(2L * buf.length, 8192)));
                buf[n++] = (byte) next;
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
        }
    }

    private ImageLoadException tooLarge(URI uri) {
        return new ImageLoadException(
                ImageLoadException.Stage.FETCH,
                "image at " + uri + " exceeds the cap of " + limits.maxBytes() + " bytes");
    }

    private byte[] fetchHttp(URI uri) throws ImageLoadException {
        long started = System.nanoTime();
        // One deadline for the whole fetch, redirects included, so a redirect chain cannot multiply the timeout.
        long deadline = started + limits.readTimeout().toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            if (hop > 0) {
                checkRedirectTarget(uri, current, hop);
            } else {
                guard.checkHttpTarget(current);
            }
            HttpResponse<byte[]> response = send(current, deadline);
            int status = response.statusCode();
            if (isRedirect(status)) {
                String location = response.headers()
                        .firstValue("Location")
                        .orElseThrow(() -> new ImageLoadException(
                                ImageLoadException.Stage.FETCH,
                                "HTTP " + status + " without a Location fetching " + uri));
                if (hop >= guard.policy().maxRedirects()) {
                    throw SourceGuard.refused(
                            "more than " + guard.policy().maxRedirects() + " redirects fetching " + uri);
                }
                URI next;
                try {
                    next = current.resolve(new URI(location));
                } catch (URISyntaxException e) {
                    throw new ImageLoadException(
                            ImageLoadException.Stage.FETCH,
                            "invalid redirect Location '" + location + "' fetching " + uri,
                            e);
                }
                log.debug("redirect uri={} hop={} status={} location={}", uri, hop + 1, status, next);
                current = next;
                continue;
            }
            if (status < 200 || status > 299) {
                throw new ImageLoadException(ImageLoadException.Stage.FETCH, "HTTP " + status + " fetching " + current);
            }
            log.debug(
                    "fetched uri={} bytes={} redirects={} ms={}",
                    uri,
                    response.body().length,
                    hop,
                    (System.nanoTime() - started) / 1_000_000);
            return response.body();
        }
    }

    /** A redirect target gets every check the first URI got, and may neither leave http(s) nor downgrade TLS. */
    private void checkRedirectTarget(URI origin, URI target, int hop) throws ImageLoadException {
        try {
            String scheme = guard.checkCommon(target);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw SourceGuard.refused("redirect to scheme '" + scheme + "' is not allowed");
            }
            if (scheme.equals("http") && "https".equalsIgnoreCase(origin.getScheme())) {
                throw SourceGuard.refused("redirect from https to plain http is not allowed");
            }
            guard.checkHttpTarget(target);
        } catch (ImageLoadException e) {
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH,
                    e.getMessage() + " (redirect " + hop + " of " + origin + " to " + target + ")",
                    e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private HttpResponse<byte[]> send(URI uri, long deadline) throws ImageLoadException {
        long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMillis(remainingMs))
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH, "cannot request " + uri + ": " + e.getMessage(), e);
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new CappedSubscriber(info.statusCode(), limits.maxBytes()));
        try {
            // The request timeout only covers the response headers; this bounds the body download too.
            return future.get(remainingMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH,
                    "timed out after " + limits.readTimeout().toMillis() + " ms fetching " + uri,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "interrupted fetching " + uri, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TooLarge) {
                throw tooLarge(uri);
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new ImageLoadException(
                        ImageLoadException.Stage.FETCH, "timed out fetching " + uri + ": " + cause.getMessage(), cause);
            }
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "cannot fetch " + uri + ": " + cause, cause);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** Signals the size cap from inside the body subscriber; never escapes this class. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body exceeds cap");
        }
    }

    /** Accumulates the body but cancels the download as soon as it passes the cap. */
    private static final class CappedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final boolean discard;
        private final long cap;
        private Flow.Subscription subscription;

        CappedSubscriber(int status, long cap) {
            // Error bodies are not needed; their content is irrelevant and may be large.
            this.discard = status < 200 || status > 299;
            this.cap = cap;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (discard || result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if ((long) out.size() + b.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(discard ? new byte[0] : out.toByteArray());
        }
    }
}
