package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The secure {@link FetchPolicy}: every refusal happens before a connection is made, and says which rule refused.
 * The only server is on 127.0.0.1; where a test needs an allowed first hop, that one address is exempted and
 * every other address goes through the real check.
 */
class ImageFetcherPolicyTest {

    private static final ImageLimits LIMITS =
            new ImageLimits(5_000, 50_000_000, Duration.ofSeconds(2), Duration.ofSeconds(2));
    private static final InetAddress SERVER_ADDRESS = InetAddress.getLoopbackAddress();

    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger hits = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(SERVER_ADDRESS, 0), 0);
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.createContext("/small", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, 100);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(new byte[100]);
            }
        });
        Map<String, String> redirects = Map.of(
                "/to-small", "/small",
                "/to-metadata", "http://169.254.169.254/latest/meta-data/iam/",
                "/to-loopback-2", "http://127.0.0.2:" + port() + "/small",
                "/to-private", "http://10.0.0.7/internal.jpg",
                "/to-ipv6-loopback", "http://[::1]:" + port() + "/small",
                "/to-file", "file:///etc/passwd",
                "/loop", "/loop");
        redirects.forEach((path, location) -> server.createContext(path, ex -> {
            hits.incrementAndGet();
            ex.getResponseHeaders().add("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        }));
        server.start();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private URI local(String path) {
        return URI.create("http://" + SERVER_ADDRESS.getHostAddress() + ":" + port() + path);
    }

    /** The secure defaults, with only the test server's own address let through. */
    private static ImageFetcher secureButServerExempt() {
        return new ImageFetcher(LIMITS, FetchPolicy.defaults().withExemptAddresses(Set.of(SERVER_ADDRESS)));
    }

    private static void assertRefused(ImageFetcher fetcher, URI uri, String... fragments) {
        assertThatThrownBy(() -> fetcher.fetch(uri))
                .isInstanceOfSatisfying(
                        ImageLoadException.class, e -> assertThat(e.stage()).isEqualTo(ImageLoadException.Stage.FETCH))
                .hasMessageContaining("refused by fetch policy")
                .hasMessageContainingAll(fragments);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://localhost/a.jpg|loopback",
                "http://127.0.0.1/a.jpg|loopback",
                "http://127.0.0.2:8080/a.jpg|loopback",
                "http://[::1]/a.jpg|loopback",
                "http://[::ffff:127.0.0.1]/a.jpg|loopback",
                "http://10.20.30.40/a.jpg|private",
                "http://192.168.1.10/a.jpg|private",
                "http://172.16.0.1/a.jpg|private",
                "http://169.254.169.254/latest/meta-data/|link-local",
                "https://[fd00::1]/a.jpg|unique-local",
                "http://0.0.0.0:8080/a.jpg|unspecified",
                "http://[::]/a.jpg|unspecified",
                "http://224.0.0.251/a.jpg|multicast",
            })
    void refusesNonPublicHosts(String uri, String rule) {
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.defaults())) {
            assertRefused(fetcher, URI.create(uri), rule, "private addresses are not allowed");
        }
    }

    @Test
    void oneNonPublicAddressAmongPublicOnesIsEnough() throws Exception {
        InetAddress[] answers = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5")};
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.defaults(), host -> answers)) {
            assertRefused(fetcher, URI.create("https://images.example.com/a.jpg"), "images.example.com", "10.0.0.5");
        }
    }

    @Test
    void theExemptServerIsFetchedAndRedirectsWithinItAreFollowed() throws Exception {
        try (ImageFetcher fetcher = secureButServerExempt()) {
            assertThat(fetcher.fetch(local("/small"))).hasSize(100);
            assertThat(fetcher.fetch(local("/to-small"))).hasSize(100);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/to-metadata|169.254.169.254",
                "/to-loopback-2|127.0.0.2",
                "/to-private|10.0.0.7",
                "/to-ipv6-loopback|::1",
                "/to-file|scheme 'file'",
            })
    void everyRedirectHopIsCheckedAgain(String path, String target) {
        try (ImageFetcher fetcher = secureButServerExempt()) {
            assertRefused(fetcher, local(path), target, "redirect 1 of " + local(path));
        }
        // Only the allowed first hop reached a server: the forbidden target was never connected to.
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void redirectChainsAreCapped() {
        try (ImageFetcher fetcher = secureButServerExempt()) {
            assertRefused(fetcher, local("/loop"), "more than 3 redirects");
        }
        assertThat(hits.get()).isEqualTo(4);
    }

    @Test
    void theTrustedUpstreamSettingStillFetchesLoopbackAndFollowsRedirects() throws Exception {
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS)) {
            assertThat(fetcher.fetch(local("/to-small"))).hasSize(100);
        }
    }

    @Test
    void userInfoIsRefusedWithoutEchoingThePassword() {
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.defaults())) {
            assertThatThrownBy(() -> fetcher.fetch(URI.create("http://admin:s3cret@example.com/a.jpg")))
                    .hasMessageContaining("user info")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void overlongUrisAreRefusedBeforeResolving() {
        URI longUri = URI.create("http://example.com/" + "a".repeat(3000) + ".jpg");
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.defaults(), host -> {
            throw new AssertionError("must not resolve " + host);
        })) {
            assertRefused(fetcher, longUri, "3023 characters", "cap of 2048");
        }
    }

    @ParameterizedTest
    @CsvSource({"ftp://example.com/a.jpg,ftp", "jar:file:/x.jar!/a.jpg,jar", "gopher://example.com/,gopher"})
    void schemesOutsideThePolicyAreRefused(String uri, String scheme) {
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.defaults())) {
            assertRefused(fetcher, URI.create(uri), "scheme '" + scheme + "' is not allowed");
        }
        try (ImageFetcher httpsOnly =
                new ImageFetcher(LIMITS, FetchPolicy.defaults().withSchemes(Set.of("https")))) {
            assertRefused(httpsOnly, URI.create("http://example.com/a.jpg"), "scheme 'http'");
        }
    }

    @Test
    void fileUrisAreRefusedWithoutRoots() throws Exception {
        Path photo = Files.write(dir.resolve("a.jpg"), new byte[10]);
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.defaults())) {
            assertRefused(fetcher, photo.toUri(), "no file roots configured");
        }
    }

    @Test
    void fileUrisAreConfinedToTheRoots() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path inside = Files.write(root.resolve("in.jpg"), new byte[10]);
        Path outside = Files.write(dir.resolve("secret.jpg"), new byte[20]);
        Files.createSymbolicLink(root.resolve("link.jpg"), outside);
        Files.createDirectories(root.resolve("sub"));
        try (ImageFetcher fetcher =
                new ImageFetcher(LIMITS, FetchPolicy.defaults().withFileRoots(List.of(root)))) {
            assertThat(fetcher.fetch(inside.toUri())).hasSize(10);
            assertRefused(fetcher, outside.toUri(), "outside the allowed file roots");
            URI dotDot = URI.create(root.toUri() + "sub/../../secret.jpg");
            assertRefused(fetcher, dotDot, "outside the allowed file roots", outside.toString());
            assertRefused(fetcher, URI.create("file:///etc/passwd"), "outside the allowed file roots");
            assertRefused(fetcher, root.resolve("link.jpg").toUri(), "symbolic link", outside.toString());
            assertRefused(fetcher, root.resolve("sub").toUri(), "not a regular file");
        }
    }

    @Test
    void permissivePolicyAllowsPrivateHostsAndFilesUnderItsRoots() throws Exception {
        Path photo = Files.write(dir.resolve("b.jpg"), new byte[7]);
        try (ImageFetcher fetcher = new ImageFetcher(LIMITS, FetchPolicy.permissive(List.of(dir)))) {
            assertThat(fetcher.fetch(local("/small"))).hasSize(100);
            assertThat(fetcher.fetch(photo.toUri())).hasSize(7);
            assertRefused(fetcher, URI.create("file:///etc/hostname"), "outside the allowed file roots");
        }
    }
}
