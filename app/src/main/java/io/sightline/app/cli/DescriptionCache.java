package io.sightline.app.cli;

import io.sightline.descriptor.Descriptor;
import io.sightline.verify.LocalFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unadapted model's description of each photo a self-supervised run has seen, kept under the work folder
 * ({@code work.dir}/described). Describing every photo is the longest stage on a large collection. This cache lets a
 * run killed during it resume where it stopped, and lets the trainer service's next run describe only the photos that
 * are new since the last one. Each entry is written under a temporary name and then moved into place, so a kill leaves
 * only whole entries; the temporary files a kill leaves are removed by the next run once they are an hour old. An entry is keyed by the model version and the SHA-256 of the photo's bytes, so a photo that
 * changed or a changed model is described again, whatever the file is called. An unreadable entry is described again
 * too, never trusted.
 */
final class DescriptionCache {

    private static final Logger log = LoggerFactory.getLogger(DescriptionCache.class);
    private static final int MAGIC = 0x53444331; // "SDC1"

    private final Path dir;
    private final String modelVersion;
    private final AtomicInteger reused = new AtomicInteger();

    /** @param root where the entries of every model go, each model's in a subfolder named for its version */
    DescriptionCache(Path root, String modelVersion) {
        this.dir = root.resolve(sha256(modelVersion.getBytes(StandardCharsets.UTF_8), 6));
        this.modelVersion = modelVersion;
    }

    /**
     * Deletes the temporary files that runs killed while writing an entry left behind, once they are older than
     * {@code age}: a younger one may be another run's entry being written now. Returns how many it deleted.
     */
    int removeTorn(Duration age) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant before = Instant.now().minus(age);
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".part"))
                    .toList()) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (IOException e) {
                    log.debug("torn description {} not removed: {}", f, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {} for torn descriptions: {}", dir, e.toString());
        }
        if (removed > 0) {
            log.info("removed {} torn description file(s) left by killed runs in {}", removed, dir);
        }
        return removed;
    }

    /** The key of a photo's entry: the SHA-256 of its bytes, in hex. */
    static String key(byte[] photo) {
        return sha256(photo, 32);
    }

    /** How many descriptions {@link #get} has returned from an earlier run. */
    int reused() {
        return reused.get();
    }

    /** The stored description of the photo {@code name} whose bytes have {@code key}, if a run wrote one. */
    Optional<Descriptor> get(String name, String key) {
        Path entry = dir.resolve(key + ".bin");
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(entry)))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(modelVersion + "|" + key)) {
                return Optional.empty();
            }
            int width = in.readInt();
            int height = in.readInt();
            float[] vector = new float[in.readInt()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = in.readFloat();
            }
            int localBytes = in.readInt();
            Optional<LocalFeatures> local = Optional.empty();
            if (localBytes >= 0) {
                local = Optional.of(LocalFeatures.fromBytes(in.readNBytes(localBytes)));
            }
            reused.incrementAndGet();
            return Optional.of(new Descriptor(vector, width, height, local));
        } catch (IOException | RuntimeException e) {
            log.warn("image {}: stored description {} unreadable, describing it again: {}", name, entry, e.toString());
            return Optional.empty();
        }
    }

    /** Stores {@code described} for the photo {@code name} whose bytes have {@code key}, whole or not at all. */
    void put(String name, String key, Descriptor described) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(40_000);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeUTF(modelVersion + "|" + key);
                out.writeInt(described.width());
                out.writeInt(described.height());
                out.writeInt(described.vector().length);
                for (float v : described.vector()) {
                    out.writeFloat(v);
                }
                byte[] local = described.local().map(LocalFeatures::toBytes).orElse(null);
                out.writeInt(local == null ? -1 : local.length);
                if (local != null) {
                    out.write(local);
                }
            }
            Files.createDirectories(dir);
            // Unique per writer: two files with the same bytes may be described at once.
            Path partial = Files.createTempFile(dir, key, ".part");
            Files.write(partial, bytes.toByteArray());
            Path entry = dir.resolve(key + ".bin");
            try {
                Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("image " + name + ": cannot store its description in " + dir, e);
        }
    }

    private static String sha256(byte[] bytes, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
