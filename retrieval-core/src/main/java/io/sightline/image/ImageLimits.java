package io.sightline.image;

import java.time.Duration;

/**
 * Caps applied to untrusted images before any expensive work.
 *
 * @param maxBytes       largest encoded image accepted (inline or fetched)
 * @param maxPixels      largest width x height accepted; checked from the header, before decoding, against
 *                       decompression bombs
 * @param connectTimeout connect timeout for http(s) sources
 * @param readTimeout    whole-request timeout for http(s) sources
 */
public record ImageLimits(long maxBytes, long maxPixels, Duration connectTimeout, Duration readTimeout) {
    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxBytes=" + maxBytes + " maxPixels=" + maxPixels);
        }
    }

    /** 32 MiB, 50 megapixels, 5 s connect, 20 s read. */
    public static ImageLimits defaults() {
        return new ImageLimits(32L << 20, 50_000_000L, Duration.ofSeconds(5), Duration.ofSeconds(20));
    }
}
