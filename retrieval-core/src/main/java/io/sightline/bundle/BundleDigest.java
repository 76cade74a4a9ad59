package io.sightline.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The sha256 that {@code models.published} carries for a bundle, so a node can refuse a bundle that was changed or
 * only partly copied after it was published. A zip is hashed as the file; a directory as the sorted list of its
 * top-level files, one {@code name sha256} line each (the backbone it names is checked separately against the
 * manifest, see {@link ModelBundle#verifyBackbone()}).
 */
public final class BundleDigest {
    private BundleDigest() {}

    public static String sha256(Path location) {
        if (!Files.isDirectory(location)) {
            if (!Files.isRegularFile(location)) {
                throw new BundleException("no bundle at " + location);
            }
            return ModelBundle.sha256(location);
        }
        try (Stream<Path> files = Files.list(location)) {
            StringBuilder listing = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                listing.append(file.getFileName())
                        .append(' ')
                        .append(ModelBundle.sha256(file))
                        .append('\n');
            }
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new BundleException("cannot checksum bundle " + location + ": " + e.getMessage(), e);
        }
    }
}
