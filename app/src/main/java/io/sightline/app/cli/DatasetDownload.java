package io.sightline.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Resumable, verified downloads for {@code ./sightline datasets get}: each file goes to {@code NAME.part}, a later
 * run continues it with an HTTP Range request, and it becomes {@code NAME} only once its size matches the server's
 * and its sha256 matches the checksum file served next to it ({@code NAME.sha256}), where there is one.
 */
final class DatasetDownload {

    /** The revisited datasets: their image tarballs and ground truth, where revisitop's download.py fetches them. */
    enum Dataset {
        ROXFORD5K("roxford5k", "https://www.robots.ox.ac.uk/~vgg/data/oxbuildings/", List.of("oxbuild_images-v1.tgz")),
        RPARIS6K(
                "rparis6k",
                "https://www.robots.ox.ac.uk/~vgg/data/parisbuildings/",
                List.of("paris_1-v1.tgz", "paris_2-v1.tgz"));

        /** Where revisitop publishes gnd_roxford5k.pkl and gnd_rparis6k.pkl: BASE/datasets/NAME/gnd_NAME.pkl. */
        static final String GROUND_TRUTH_HOST = "http://cmp.felk.cvut.cz/revisitop/data/datasets/";

        final String id;
        final String imagesBase;
        final List<String> archives;

        Dataset(String id, String imagesBase, List<String> archives) {
            this.id = id;
            this.imagesBase = imagesBase;
            this.archives = archives;
        }

        String groundTruthFile() {
            return "gnd_" + id + ".pkl";
        }

        URI groundTruthUri(Optional<URI> mirror) {
            return mirror.map(m -> m.resolve(groundTruthFile()))
                    .orElse(URI.create(GROUND_TRUTH_HOST + id + "/" + groundTruthFile()));
        }

        URI archiveUri(String archive, Optional<URI> mirror) {
            return mirror.orElse(URI.create(imagesBase)).resolve(archive);
        }

        static Dataset of(String name) {
            for (Dataset d : values()) {
                if (d.id.equalsIgnoreCase(name)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown dataset " + name + ": expected roxford5k or rparis6k");
        }
    }

    /** Receives the progress of one transfer. */
    interface Progress extends AutoCloseable {
        /** {@code done} bytes of {@code total} (-1: unknown) are on disk. */
        void update(long done, long total);

        @Override
        default void close() {}
    }

    /** Opens a progress display for one file. */
    interface ProgressFactory {
        Progress start(String name, long alreadyDone);

        ProgressFactory NONE = (name, done) -> (d, t) -> {};
    }

    /** What one fetch did. */
    record Fetched(Path file, long bytes, boolean resumed, Optional<String> sha256Checked) {}

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern SHA256 = Pattern.compile("\\b([0-9a-fA-F]{64})\\b");

    private static final int MAX_REDIRECTS = 5;

    private final ProgressFactory progress;
    private final int timeoutMillis;

    /** {@code timeoutMillis}: for connecting, and for each read (a stalled transfer fails, to be resumed). */
    DatasetDownload(ProgressFactory progress, int timeoutMillis) {
        this.progress = progress;
        this.timeoutMillis = timeoutMillis;
    }

    /** A GET that follows redirects, http to https included (HttpURLConnection alone does not). */
    private HttpURLConnection open(URI source, String range) throws IOException {
        URI at = source;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection c = (HttpURLConnection) at.toURL().openConnection();
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            if (range != null) {
                c.setRequestProperty("Range", range);
            }
            int code;
            try {
                code = c.getResponseCode();
            } catch (IOException e) {
                throw new IOException(at + ": " + e, e);
            }
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                String location = c.getHeaderField("Location");
                c.disconnect();
                if (location == null) {
                    throw new IOException(at + ": HTTP " + code + " without a Location");
                }
                at = at.resolve(location);
                continue;
            }
            return c;
        }
        throw new IOException(source + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /**
     * Downloads {@code source} to {@code target}, continuing {@code target.part} if a previous run left one. A
     * complete {@code target} is left as it is. Throws on an incomplete transfer (the .part stays, to resume) and
     * on a checksum mismatch (the .part is removed).
     */
    Fetched fetch(URI source, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return new Fetched(target, Files.size(target), false, Optional.empty());
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpURLConnection response = open(source, have > 0 ? "bytes=" + have + "-" : null);
        int status = response.getResponseCode();
        long total;
        boolean append;
        try (InputStream body = status < 400 ? response.getInputStream() : InputStream.nullInputStream()) {
            switch (status) {
                case 200 -> {
                    total = response.getContentLengthLong();
                    append = false;
                }
                case 206 -> {
                    String contentRange = String.valueOf(response.getHeaderField("Content-Range"));
                    Matcher m = CONTENT_RANGE.matcher(contentRange);
                    if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                        throw new IOException(source + ": the server answered the range request from byte " + have
                                + " with Content-Range '" + contentRange + "'; remove " + part + " to start over");
                    }
                    total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                    append = true;
                }
                case 416 -> {
                    // The .part already holds everything the server has: finish it.
                    total = have;
                    append = true;
                }
                default -> throw new IOException(source + ": HTTP " + status);
            }
            if (status != 416) {
                try {
                    copy(body, part, append, have, total, target.getFileName().toString());
                } catch (IOException e) {
                    throw new IOException(
                            source + ": got " + Files.size(part) + " of " + total + " bytes (" + e
                                    + "); run again to resume " + part,
                            e);
                }
            }
        }
        long size = Files.size(part);
        if (total >= 0 && size != total) {
            throw new IOException(source + ": got " + size + " of " + total + " bytes; run again to resume " + part);
        }
        Optional<String> expected = publishedSha256(source);
        if (expected.isPresent()) {
            String actual = sha256(part);
            if (!actual.equalsIgnoreCase(expected.get())) {
                Files.delete(part);
                throw new IOException("sha256 mismatch for " + target.getFileName() + " from " + source
                        + ": expected " + expected.get().toLowerCase(Locale.ROOT) + ", got " + actual
                        + "; the download was removed, run again to fetch it afresh");
            }
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Fetched(target, size, have > 0 && status != 200, expected);
    }

    private void copy(InputStream body, Path part, boolean append, long have, long total, String name)
            throws IOException {
        long done = append ? have : 0;
        try (Progress p = progress.start(name, done);
                OutputStream out = Files.newOutputStream(
                        part,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                done += n;
                p.update(done, total);
            }
        }
    }

    /** The checksum file next to {@code source} ({@code NAME.sha256}, sha256sum format), if the host serves one. */
    private Optional<String> publishedSha256(URI source) throws IOException {
        URI sum = URI.create(source + ".sha256");
        HttpURLConnection response = open(sum, null);
        int status = response.getResponseCode();
        if (status == 404 || status == 403 || status == 410) {
            response.disconnect();
            return Optional.empty();
        }
        if (status != 200) {
            throw new IOException(sum + ": HTTP " + status);
        }
        String text;
        try (InputStream in = response.getInputStream()) {
            text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
        Matcher m = SHA256.matcher(text);
        if (!m.find()) {
            throw new IOException(sum + ": no sha256 in it");
        }
        return Optional.of(m.group(1));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Extracts every regular file of a .tgz flat into {@code dir}, as revisitop's download.py does (the tarballs
     * hold a folder per landmark); entry paths are reduced to their file name, so nothing lands outside {@code dir}.
     */
    static int extractFlat(Path tgz, Path dir) throws IOException {
        Files.createDirectories(dir);
        int files = 0;
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                Path name = Path.of(entry.getName()).getFileName();
                if (name == null || name.toString().startsWith(".")) {
                    continue;
                }
                Files.copy(tar, dir.resolve(name.toString()), StandardCopyOption.REPLACE_EXISTING);
                files++;
            }
        }
        return files;
    }
}
