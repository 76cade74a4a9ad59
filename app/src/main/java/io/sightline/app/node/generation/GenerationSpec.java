package io.sightline.app.node.generation;

import io.sightline.bundle.BundleException;
import io.sightline.schemas.ModelPublished;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A published model a generation is built from: its version, where its bundle is and the digest it must have.
 *
 * @param version   the bundle's version (every descriptor of the generation carries it)
 * @param bundleUri where the bundle is; {@code file:} URIs only
 * @param sha256    {@link io.sightline.bundle.BundleDigest} of the bundle as published
 */
public record GenerationSpec(String version, String bundleUri, String sha256) {
    private static final int SLUG_PREFIX = 48;

    public GenerationSpec {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(bundleUri, "bundleUri");
        Objects.requireNonNull(sha256, "sha256");
        if (version.isBlank()) {
            throw new IllegalArgumentException("a published model needs a version");
        }
    }

    public static GenerationSpec of(ModelPublished event) {
        return new GenerationSpec(event.getVersion(), event.getBundleUri(), event.getSha256());
    }

    /** The bundle's local path; other schemes are refused (nodes do not download bundles). */
    public Path bundlePath() {
        URI uri;
        try {
            uri = URI.create(bundleUri);
        } catch (IllegalArgumentException e) {
            throw new BundleException("model " + version + ": bundle URI is not a URI: " + bundleUri, e);
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new BundleException("model " + version + ": only file: bundle URIs are supported, got " + bundleUri);
        }
        return Path.of(uri);
    }

    /**
     * A name for the generation's topic, application ids and directory: the version reduced to {@code [a-z0-9-]}
     * (legal in topic names, without the '.'/'_' clash Kafka warns about) plus 8 hex digits of its sha256, so two
     * versions that reduce alike still differ.
     */
    public String slug() {
        String reduced =
                version.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (reduced.length() > SLUG_PREFIX) {
            reduced = reduced.substring(0, SLUG_PREFIX);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(version.getBytes(StandardCharsets.UTF_8));
            return (reduced.isEmpty() ? "g" : reduced) + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
