package io.sightline.streams.ingest;

import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImageLoadException;
import java.net.URI;
import java.nio.ByteBuffer;

/** Gets the encoded image of an upload: the inline bytes, or what its URI points to. */
public final class ImageSourceLoader {
    private final ImageFetcher fetcher;
    private final ImageLimits limits;

    public ImageSourceLoader(ImageFetcher fetcher, ImageLimits limits) {
        this.fetcher = fetcher;
        this.limits = limits;
    }

    /** @param source a {@link ByteBuffer} or a URI string, as in {@code ImageUploaded.source} (already validated) */
    public byte[] load(Object source) throws ImageLoadException {
        if (source instanceof ByteBuffer inline) {
            if (inline.remaining() > limits.maxBytes()) {
                throw new ImageLoadException(
                        ImageLoadException.Stage.FETCH,
                        "inline image has " + inline.remaining() + " bytes, more than the cap of " + limits.maxBytes());
            }
            byte[] bytes = new byte[inline.remaining()];
            inline.duplicate().get(bytes);
            return bytes;
        }
        return fetcher.fetch(URI.create(source.toString()));
    }
}
