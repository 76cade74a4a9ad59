package io.sightline.trainer.service;

import io.sightline.image.ImageFetcher;
import io.sightline.schemas.LabelledImage;
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
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curated set as the trainer reads it: one {@code <name>.jpg} per live image in {@code images/} and an
 * {@code image<TAB>label} file. The latest event per image id wins; a tombstone (null value) deletes the image.
 * Sources given as bytes are written as they are; URIs are fetched through the configured {@link ImageFetcher}
 * (its fetch policy decides which {@code file://} roots and hosts are allowed). What the last run trained on is
 * kept as one fingerprint (sha256 of label and bytes) per image in {@code trained.tsv}, so "changed since the last
 * run" survives a restart, which replays the compacted topic from its beginning.
 */
public final class CuratedFolder {

    private static final Logger log = LoggerFactory.getLogger(CuratedFolder.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");

    private final Path images;
    private final Path labelsFile;
    private final ImageFetcher fetcher;
    private final Path trainedFile;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> fingerprints = new TreeMap<>();
    private Map<String, String> trained;

    public CuratedFolder(Path dir, ImageFetcher fetcher) throws IOException {
        this.images = Files.createDirectories(dir.resolve("images"));
        this.labelsFile = dir.resolve("labels.tsv");
        this.trainedFile = dir.resolve("trained.tsv");
        this.fetcher = fetcher;
        this.trained = Files.exists(trainedFile) ? readTsv(trainedFile) : Map.of();
    }

    /** Applies one event of the curated topic; returns false when its source could not be read (logged, skipped). */
    public boolean apply(String imageId, LabelledImage event) {
        String name = fileName(imageId);
        Path file = images.resolve(name + ".jpg");
        try {
            if (event == null) {
                labels.remove(name);
                fingerprints.remove(name);
                Files.deleteIfExists(file);
                return true;
            }
            byte[] content = bytes(event.getSource());
            String label = event.getLabel().toString();
            Path tmp = images.resolve(name + ".jpg.tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            labels.put(name, label);
            fingerprints.put(name, fingerprint(label, content));
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
        labels.forEach(
                (name, label) -> out.append(name).append('\t').append(label).append('\n'));
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
        return "id-"
                + HexFormat.of()
                        .formatHex(sha256().digest(imageId.getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 32);
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

    /** Images added, changed or deleted since the last {@link #markTrained()} (of this or an earlier process). */
    public int changes() {
        Set<String> all = new java.util.HashSet<>(fingerprints.keySet());
        all.addAll(trained.keySet());
        return (int) all.stream()
                .filter(n -> !Objects.equals(fingerprints.get(n), trained.get(n)))
                .count();
    }

    /** Records the live images as what the last run trained on. */
    public void markTrained() {
        StringBuilder out = new StringBuilder();
        fingerprints.forEach(
                (name, fp) -> out.append(name).append('\t').append(fp).append('\n'));
        try {
            Path tmp = trainedFile.resolveSibling("trained.tsv.tmp");
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(tmp, trainedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trainedFile, e);
        }
        trained = Map.copyOf(fingerprints);
    }

    /** When the last run (of any process on this folder) started, if one did. */
    public Optional<Instant> lastTrained() {
        try {
            return Files.exists(trainedFile)
                    ? Optional.of(Files.getLastModifiedTime(trainedFile).toInstant())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + trainedFile, e);
        }
    }

    private static Map<String, String> readTsv(Path file) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return Map.copyOf(out);
    }

    private static String fingerprint(String label, byte[] content) {
        MessageDigest digest = sha256();
        digest.update(label.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        return HexFormat.of().formatHex(digest.digest(content));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
