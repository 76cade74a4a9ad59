package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import net.razorvine.pickle.Pickler;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sightline datasets get} against a loopback HTTP server as the mirror: a tiny tarball of three JPEGs in
 * landmark folders and a tiny ground-truth pickle; a transfer cut half way and resumed with a Range request from
 * a second server; a checksum that does not match.
 */
class DatasetsCommandTest {

    @TempDir
    Path tmp;

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    /** Range header of every GET of the archive (null: none), in order. */
    private final List<String> ranges = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    static byte[] jpeg(int shade) throws IOException {
        BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, (shade * 40 + x * 8) << 16 | (y * 16) << 8 | shade * 70);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /** oxbuild_images-v1.tgz: a folder per landmark, as the real tarballs. */
    static byte[] tarball() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            String[] names = {
                "oxbuild/all_souls/all_souls_000001.jpg",
                "oxbuild/all_souls/all_souls_000002.jpg",
                "oxbuild/radcliffe/radcliffe_000003.jpg"
            };
            for (int i = 0; i < names.length; i++) {
                byte[] data = jpeg(i);
                TarArchiveEntry e = new TarArchiveEntry(names[i]);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] groundTruth() throws IOException {
        Map<String, Object> g = new HashMap<>();
        g.put("bbx", List.of(1.0, 1.0, 10.0, 9.0));
        g.put("easy", List.of(0));
        g.put("hard", List.of());
        g.put("junk", List.of());
        Map<String, Object> root = new HashMap<>();
        root.put("imlist", List.of("all_souls_000001", "radcliffe_000003"));
        root.put("qimlist", List.of("all_souls_000002"));
        root.put("gnd", List.of(g));
        return new Pickler().dumps(root);
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Serves {@code files} under /m/, whole or from a Range's start. */
    HttpServer serve(Map<String, byte[]> files) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/m/", exchange -> {
            try (exchange) {
                String file = exchange.getRequestURI().getPath().substring(3);
                byte[] data = files.get(file);
                if (data == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String range = exchange.getRequestHeaders().getFirst("Range");
                if (file.endsWith(".tgz")) {
                    ranges.add(String.valueOf(range));
                }
                if (range != null) {
                    int from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
                    exchange.getResponseHeaders()
                            .set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
                    exchange.sendResponseHeaders(206, data.length - from);
                    exchange.getResponseBody().write(data, from, data.length - from);
                    return;
                }
                exchange.sendResponseHeaders(200, data.length);
                exchange.getResponseBody().write(data);
            }
        });
        server.start();
        servers.add(server);
        return server;
    }

    /**
     * A server that answers one request with the whole {@code data}'s Content-Length but only its first half,
     * then closes the connection and stops: a transfer cut half way.
     */
    static ServerSocket cutHalfWay(byte[] data, List<String> requests) throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (socket;
                    Socket c = socket.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    requests.add(line);
                }
                OutputStream out = c.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + data.length
                                + "\r\nContent-Type: application/gzip\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(data, 0, data.length / 2);
                out.flush();
            } catch (IOException e) {
                requests.add("failed: " + e);
            }
        });
        return socket;
    }

    static String mirror(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/m/";
    }

    CliRun get(String... extra) {
        String[] args = {
            "datasets", "get", "roxford5k", "--dir", tmp.resolve("data").toString(), "--no-progress"
        };
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return CliRun.of(all);
    }

    @Test
    void downloadsVerifiesAndExtractsFromAMirror() throws Exception {
        byte[] tgz = tarball();
        byte[] gnd = groundTruth();
        Map<String, byte[]> files = new ConcurrentHashMap<>(Map.of(
                "oxbuild_images-v1.tgz",
                tgz,
                "gnd_roxford5k.pkl",
                gnd,
                "oxbuild_images-v1.tgz.sha256",
                (sha256(tgz) + "  oxbuild_images-v1.tgz\n").getBytes(StandardCharsets.UTF_8)));
        HttpServer server = serve(files);

        CliRun run = get("--mirror", mirror(server));

        assertThat(run.exit()).as(run.err()).isZero();
        Path root = tmp.resolve("data/roxford5k");
        try (var listed = Files.list(root.resolve("jpg"))) {
            assertThat(listed.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jpg")))
                    .containsExactlyInAnyOrder("all_souls_000001.jpg", "all_souls_000002.jpg", "radcliffe_000003.jpg");
        }
        assertThat(ImageIO.read(root.resolve("jpg/radcliffe_000003.jpg").toFile())
                        .getWidth())
                .isEqualTo(16);
        assertThat(Files.readAllBytes(root.resolve("gnd_roxford5k.pkl"))).isEqualTo(gnd);
        assertThat(root.resolve("oxbuild_images-v1.tgz")).doesNotExist();
        assertThat(run.out())
                .contains("sha256 " + sha256(tgz) + " verified")
                .contains("sha256 " + sha256(gnd) + " (no checksum published; size checked)")
                .contains("3 files extracted")
                .contains("2 database images, 1 queries; all present")
                .contains("eval --protocol revisited --gt " + root.resolve("gnd_roxford5k.pkl"));

        // A second run finds everything in place and downloads nothing.
        ranges.clear();
        CliRun again = get("--mirror", mirror(server));
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already extracted");
        assertThat(ranges).isEmpty();
    }

    @Test
    void resumesACutTransferWithARangeRequest() throws Exception {
        byte[] tgz = tarball();
        Map<String, byte[]> files = Map.of("oxbuild_images-v1.tgz", tgz, "gnd_roxford5k.pkl", groundTruth());
        List<String> requests = new CopyOnWriteArrayList<>();
        ServerSocket first = cutHalfWay(tgz, requests);

        CliRun cut = get("--mirror", "http://127.0.0.1:" + first.getLocalPort() + "/m/", "--timeout", "10");

        assertThat(cut.exit()).isNotZero();
        assertThat(cut.err())
                .contains("got " + tgz.length / 2 + " of " + tgz.length + " bytes")
                .contains("run again to resume");
        assertThat(requests.getFirst()).startsWith("GET /m/oxbuild_images-v1.tgz ");
        assertThat(requests).noneMatch(r -> r.toLowerCase(java.util.Locale.ROOT).startsWith("range"));
        Path part = tmp.resolve("data/roxford5k/oxbuild_images-v1.tgz.part");
        assertThat(part).exists();
        long half = Files.size(part);
        assertThat(half).isPositive().isLessThan(tgz.length);
        assertThat(Files.readAllBytes(part)).isEqualTo(Arrays.copyOf(tgz, (int) half));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(first::isClosed);

        HttpServer second = serve(files);
        CliRun resumed = get("--mirror", mirror(second), "--keep-archives");

        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(ranges).containsExactly("bytes=" + half + "-");
        assertThat(resumed.out()).contains("(resumed)").contains("all present");
        assertThat(Files.readAllBytes(tmp.resolve("data/roxford5k/oxbuild_images-v1.tgz")))
                .isEqualTo(tgz);
        assertThat(part).doesNotExist();
    }

    @Test
    void aChecksumMismatchIsAClearErrorAndLeavesNothingBehind() throws Exception {
        byte[] tgz = tarball();
        Map<String, byte[]> files = Map.of(
                "oxbuild_images-v1.tgz",
                tgz,
                "gnd_roxford5k.pkl",
                groundTruth(),
                "oxbuild_images-v1.tgz.sha256",
                ("0".repeat(64) + "  oxbuild_images-v1.tgz\n").getBytes(StandardCharsets.UTF_8));
        HttpServer server = serve(files);

        CliRun run = get("--mirror", mirror(server));

        assertThat(run.exit()).isNotZero();
        assertThat(run.err())
                .contains("sha256 mismatch for oxbuild_images-v1.tgz")
                .contains("expected " + "0".repeat(64) + ", got " + sha256(tgz));
        Path root = tmp.resolve("data/roxford5k");
        assertThat(root.resolve("oxbuild_images-v1.tgz")).doesNotExist();
        assertThat(root.resolve("oxbuild_images-v1.tgz.part")).doesNotExist();
        assertThat(root.resolve("jpg")).doesNotExist();
    }
}
