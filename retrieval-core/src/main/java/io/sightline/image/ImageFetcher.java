package io.sightline.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the encoded bytes of an image from a {@code file://} or {@code http(s)://} URI, never holding more
 * than {@link ImageLimits#maxBytes()} in memory. Thread-safe; one instance shares one HTTP client.
 */
public final class ImageFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImageFetcher.class);

    private final ImageLimits limits;
    private final HttpClient http;

    public ImageFetcher(ImageLimits limits) {
        this.limits = limits;
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public byte[] fetch(URI uri) throws ImageLoadException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> fetchFile(uri);
            case "http", "https" -> fetchHttp(uri);
            default -> throw new ImageLoadException(ImageLoadException.Stage.FETCH,
                    "unsupported URI scheme '" + scheme + "' in " + uri + " (expected file, http or https)");
        };
    }

    private byte[] fetchFile(URI uri) throws ImageLoadException {
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "invalid file URI " + uri, e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            // The size is checked while reading, not with Files.size, so a growing file cannot slip through.
            return readCapped(in, uri);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "file not found: " + path, e);
        } catch (IOException e) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private byte[] readCapped(InputStream in, URI uri) throws IOException, ImageLoadException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limits.maxBytes()) {
                throw tooLarge(uri);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private ImageLoadException tooLarge(URI uri) {
        return new ImageLoadException(ImageLoadException.Stage.FETCH,
                "image at " + uri + " exceeds the cap of " + limits.maxBytes() + " bytes");
    }

    private byte[] fetchHttp(URI uri) throws ImageLoadException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(limits.readTimeout()).GET().build();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new CappedSubscriber(info.statusCode(), limits.maxBytes()));
        HttpResponse<byte[]> response;
        try {
            // The request timeout only covers the response headers; this bounds the body download too.
            response = future.get(limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ImageLoadException(ImageLoadException.Stage.FETCH,
                    "timed out after " + limits.readTimeout().toMillis() + " ms fetching " + uri, e);
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
                throw new ImageLoadException(ImageLoadException.Stage.FETCH,
                        "timed out fetching " + uri + ": " + cause.getMessage(), cause);
            }
            throw new ImageLoadException(ImageLoadException.Stage.FETCH,
                    "cannot fetch " + uri + ": " + cause, cause);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "HTTP " + status + " fetching " + uri);
        }
        log.debug("fetched uri={} bytes={} ms={}", uri, response.body().length,
                (System.nanoTime() - started) / 1_000_000);
        return response.body();
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
