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
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unadapted model's description of each photo of a self-supervised run, kept in the run's work folder. Describing
 * every photo is the longest stage on a large collection, and this is what lets a run killed during it resume where it
 * stopped. Each entry is written under a temporary name and then moved into place, so a kill leaves only whole entries.
 * An entry is keyed by the model version and the photo's size and modification time, so a changed model or photo is
 * described again. An unreadable entry is described again too, never trusted.
 */
final class DescriptionCache {

    private static final Logger log = LoggerFactory.getLogger(DescriptionCache.class);
    private static final int MAGIC = 0x53444331; // "SDC1"

    private final Path dir;
    private final String modelVersion;
    private final AtomicInteger reused = new AtomicInteger();

    /** @param work the run's work folder; entries go under a subfolder named for the model version */
    DescriptionCache(Path work, String modelVersion) {
        this.dir = work.resolve("described").resolve(shortHash(modelVersion));
        this.modelVersion = modelVersion;
    }

    /** How many descriptions {@link #get} has returned from an earlier run. */
    int reused() {
        return reused.get();
    }

    /** The stored description of {@code photo}, if an earlier run wrote one for this model and this file. */
    Optional<Descriptor> get(String name, Path photo) {
        Path entry = dir.resolve(name + ".bin");
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(entry)))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(key(photo))) {
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

    /** Stores {@code described} for {@code photo}, whole or not at all. */
    void put(String name, Path photo, Descriptor described) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(40_000);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeUTF(key(photo));
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
            Path entry = dir.resolve(name + ".bin");
            Path partial = dir.resolve(name + ".bin.part");
            Files.write(partial, bytes.toByteArray());
            try {
                Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("image " + name + ": cannot store its description in " + dir, e);
        }
    }

    private String key(Path photo) throws IOException {
        return modelVersion + "|" + Files.size(photo) + "|"
                + Files.getLastModifiedTime(photo).toMillis();
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
