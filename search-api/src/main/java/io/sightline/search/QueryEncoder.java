package io.sightline.search;

import io.sightline.verify.LocalFeatures;
import java.util.Optional;

/**
 * Turns the bytes of an uploaded query image into a query descriptor (decode, extract, whiten, L2-normalise).
 *
 * <p>The application wires the real image decoder and descriptor extractor behind this interface. Implementations
 * must be thread-safe: the server calls them concurrently from request threads.
 */
@FunctionalInterface
public interface QueryEncoder {

    /**
     * Encodes one query image.
     *
     * @param imageBytes the uploaded bytes, never empty and never larger than the configured upload limit
     * @return the query descriptor, non-empty
     * @throws QueryRejectedException when the bytes are not an acceptable query image (undecodable, too many pixels,
     *                                unsupported format); its status is returned to the client
     */
    float[] encode(byte[] imageBytes) throws QueryRejectedException;

    /** A query descriptor and, when the encoder keeps them, the image's local features (for verification). */
    record Encoded(float[] vector, Optional<LocalFeatures> local) {}

    /** As {@link #encode}, with local features when the encoder extracts them; by default without. */
    default Encoded describe(byte[] imageBytes) throws QueryRejectedException {
        return new Encoded(encode(imageBytes), Optional.empty());
    }
}
