package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sightline.testing.SharedData;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {

    private static final byte[] BODY = new byte[10_000];

    private HttpServer server;
    private ExecutorService serverThreads;
    // Generous timeouts: the machine may be busy; the slow handler below outlasts the read timeout by far.
    private final ImageLimits limits = new ImageLimits(5_000, 50_000_000, Duration.ofSeconds(5), Duration.ofSeconds(3));
    private ImageFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/small", ex -> {
            ex.sendResponseHeaders(200, 100);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(BODY, 0, 100);
            }
        });
        server.createContext("/big", ex -> {
            ex.sendResponseHeaders(200, BODY.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(BODY);
            }
        });
        server.createContext("/big-chunked", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    o.write(BODY, 0, 1000);
                    o.flush();
                }
            }
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(8_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        fetcher = new ImageFetcher(limits);
    }

    @AfterEach
    void stop() {
        fetcher.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void readsARealPhotoFromAFileUri() throws Exception {
        Path photo = SharedData.parisImage("paris_eiffel_000266");
        byte[] bytes = new ImageFetcher(ImageLimits.defaults()).fetch(photo.toUri());
        assertThat(bytes).isEqualTo(Files.readAllBytes(photo));
    }

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.jpg");
        assertThatThrownBy(() -> fetcher.fetch(missing.toUri()))
                .isInstanceOfSatisfying(
                        ImageLoadException.class, e -> assertThat(e.stage()).isEqualTo(ImageLoadException.Stage.FETCH))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void fileLargerThanTheCapIsRejected(@TempDir Path dir) throws Exception {
        Path big = Files.write(dir.resolve("big.bin"), BODY);
        assertThatThrownBy(() -> fetcher.fetch(big.toUri()))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("5000 bytes");
    }

    @Test
    void aFileOfExactlyTheCapIsReadAndOneByteMoreIsNot(@TempDir Path dir) throws Exception {
        byte[] atCap = new byte[5_000];
        new java.util.Random(1).nextBytes(atCap);
        assertThat(fetcher.fetch(Files.write(dir.resolve("at-cap.bin"), atCap).toUri()))
                .isEqualTo(atCap);
        byte[] over = java.util.Arrays.copyOf(atCap, 5_001);
        assertThatThrownBy(() ->
                        fetcher.fetch(Files.write(dir.resolve("over.bin"), over).toUri()))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("5000 bytes");
        assertThat(fetcher.fetch(
                        Files.write(dir.resolve("empty.bin"), new byte[0]).toUri()))
                .isEmpty();
    }

    @Test
    void unsupportedSchemeIsAFetchError() {
        assertThatThrownBy(() -> fetcher.fetch(URI.create("ftp://example.com/a.jpg")))
                .isInstanceOfSatisfying(
                        ImageLoadException.class, e -> assertThat(e.stage()).isEqualTo(ImageLoadException.Stage.FETCH))
                .hasMessageContaining("ftp");
    }

    @Test
    void fetchesOverHttp() throws Exception {
        assertThat(fetcher.fetch(url("/small"))).hasSize(100);
    }

    @Test
    void non2xxReportsTheStatus() {
        assertThatThrownBy(() -> fetcher.fetch(url("/missing")))
                .isInstanceOfSatisfying(
                        ImageLoadException.class, e -> assertThat(e.stage()).isEqualTo(ImageLoadException.Stage.FETCH))
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void bodiesOverTheCapAreCutOffWhileStreaming() {
        assertThatThrownBy(() -> fetcher.fetch(url("/big")))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("exceeds the cap of 5000 bytes");
        assertThatThrownBy(() -> fetcher.fetch(url("/big-chunked")))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("exceeds the cap of 5000 bytes");
    }

    @Test
    void slowServersTimeOut() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(url("/slow")))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("timed out");
        // The fetch gave up on its own timeout, long before the server (8 s) would have answered.
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(7_000);
    }
}
