package io.sightline.search;

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
}
