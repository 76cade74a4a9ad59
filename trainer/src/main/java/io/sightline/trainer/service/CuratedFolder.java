package io.sightline.trainer.service;

import io.sightline.image.ImageFetcher;
import io.sightline.schemas.LabelledImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The curated set as the trainer reads it: one {@code <name>.jpg} per live image in {@code images/} and an
 * {@code image<TAB>label} file. The latest event per image id wins; a tombstone (null value) deletes the image.
 * Sources given as bytes are written as they are; URIs are fetched through the configured {@link ImageFetcher}
 * (its fetch policy decides which {@code file://} roots and hosts are allowed).
 */
public final class CuratedFolder {

    private static final Logger log = LoggerFactory.getLogger(CuratedFolder.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");

    private final Path images;
    private final Path labelsFile;
    private final ImageFetcher fetcher;
    private final Map<String, String> labels = new TreeMap<>();
    private int changes;

    public CuratedFolder(Path dir, ImageFetcher fetcher) throws IOException {
        this.images = Files.createDirectories(dir.resolve("images"));
        this.labelsFile = dir.resolve("labels.tsv");
        this.fetcher = fetcher;
    }

    /** Applies one event of the curated topic; returns false when its source could not be read (logged, skipped). */
    public boolean apply(String imageId, LabelledImage event) {
        String name = fileName(imageId);
        Path file = images.resolve(name + ".jpg");
        try {
            if (event == null) {
                if (labels.remove(name) != null) {
                    changes++;
                }
                Files.deleteIfExists(file);
                return true;
            }
            Path tmp = images.resolve(name + ".jpg.tmp");
            Files.write(tmp, bytes(event.getSource()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            labels.put(name, event.getLabel().toString());
            changes++;
            return true;
        } catch (Exception e) {
            // A curated image whose source is gone must not stop the trainer; the previous version (if any) stays.
            log.warn("curated image skipped imageId={} stage=materialise cause={}", imageId, e.toString());
            return false;
        }
    }

    private byte[] bytes(Object source) throws Exception {
        if (source instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return out;
        }
        return fetcher.fetch(URI.create(source.toString()));
    }

    /** Writes the labels file for the live images and returns its path. */
    public Path writeLabels() {
        StringBuilder out = new StringBuilder();
        labels.forEach((name, label) -> out.append(name).append('\t').append(label).append('\n'));
        try {
            Files.writeString(labelsFile, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write labels file " + labelsFile, e);
        }
        return labelsFile;
    }

    /** Image ids (as file names) are kept when they are safe file names, otherwise replaced by a digest. */
    static String fileName(String imageId) {
        String stem = imageId.replaceFirst("\\.jpg$", "");
        if (SAFE_NAME.matcher(stem).matches()) {
            return stem;
        }
        try {
            return "id-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(imageId.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public Path imagesDir() {
        return images;
    }

    /** Live image names (file stems) with their labels. */
    public Map<String, String> labels() {
        return Map.copyOf(labels);
    }

    public Set<String> names() {
        return Set.copyOf(labels.keySet());
    }

    /** Additions, changes and deletions since the last {@link #resetChanges()}. */
    public int changes() {
        return changes;
    }

    public void resetChanges() {
        changes = 0;
    }
}
