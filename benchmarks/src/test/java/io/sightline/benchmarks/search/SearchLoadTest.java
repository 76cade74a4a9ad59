package io.sightline.benchmarks.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load generator against a loopback server whose answers the test chooses per path. */
class SearchLoadTest {

    @Test
    void countsEveryRequestAndSortsOutFailedAndPartialAnswers() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger seen = new AtomicInteger();
        server.createContext("/", exchange -> {
            seen.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = path.startsWith("/fail") ? 500 : 200;
            byte[] body = ("{\"partial\":" + path.startsWith("/partial") + ",\"results\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            SearchLoad load = new SearchLoad(
                    List.of(URI.create(base + "/ok"), URI.create(base + "/partial"), URI.create(base + "/fail")),
                    List.of(new SearchLoad.Query(new byte[] {1, 2}, "image/jpeg")),
                    Optional.empty(),
                    Duration.ofSeconds(10));
            SearchLoad.Result result = load.run(30, 3, 6);
            assertThat(seen.get()).as("warm-up and counted requests all sent").isEqualTo(36);
            assertThat(result.requests()).isEqualTo(30);
            assertThat(result.failed()).isEqualTo(10);
            assertThat(result.partial()).isEqualTo(10);
            assertThat(result.p50Millis()).isPositive().isLessThanOrEqualTo(result.p99Millis());
            assertThat(result.p99Millis()).isLessThanOrEqualTo(result.maxMillis());
            assertThat(result.qps()).isPositive();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = (i + 1) * 1_000_000L;
        }
        assertThat(SearchLoad.millis(sorted, 0.50)).isEqualTo(50.0);
        assertThat(SearchLoad.millis(sorted, 0.99)).isEqualTo(99.0);
        assertThat(SearchLoad.millis(new long[] {7_000_000L}, 0.99)).isEqualTo(7.0);
    }
}
