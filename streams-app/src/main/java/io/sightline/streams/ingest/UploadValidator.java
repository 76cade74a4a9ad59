package io.sightline.streams.ingest;

import io.sightline.schemas.ImageUploaded;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.Set;

/** Checks an upload event before any I/O is spent on it. */
public final class UploadValidator {
    static final int MAX_ID_LENGTH = 512;
    private static final Set<String> SCHEMES = Set.of("file", "http", "https");

    public void validate(String key, ImageUploaded upload) throws InvalidUploadException {
        String id = upload.getImageId();
        if (id == null || id.isBlank()) {
            throw new InvalidUploadException("imageId is empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new InvalidUploadException("imageId is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (key != null && !key.equals(id)) {
            throw new InvalidUploadException("record key '" + key + "' differs from imageId '" + id + "'");
        }
        Object source = upload.getSource();
        if (source instanceof ByteBuffer bytes) {
            if (!bytes.hasRemaining()) {
                throw new InvalidUploadException("inline image is empty (0 bytes)");
            }
        } else if (source instanceof CharSequence uri) {
            checkUri(uri.toString());
        } else {
            throw new InvalidUploadException("source is neither bytes nor a URI");
        }
    }

    private static void checkUri(String text) throws InvalidUploadException {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidUploadException(
                        "unsupported source URI scheme in '" + text + "' (use file, http or https)");
            }
        } catch (URISyntaxException e) {
            throw new InvalidUploadException("source is not a valid URI: " + e.getMessage());
        }
    }
}
