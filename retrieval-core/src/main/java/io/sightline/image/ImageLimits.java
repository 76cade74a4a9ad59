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
 * @param decodeMaxSide  longest side an image is decoded at: larger ones are subsampled while decoding (every n-th
 *                       pixel, n the smallest that fits), so a legal 48-megapixel photo costs a 4096-pixel raster
 *                       instead of 190 MB of heap per concurrent decode
 */
public record ImageLimits(long maxBytes, long maxPixels, Duration connectTimeout, Duration readTimeout,
                          int decodeMaxSide) {
    /** Far above what any descriptor scale needs (512 px by default), far below what the pixel cap allows. */
    public static final int DEFAULT_DECODE_MAX_SIDE = 4096;

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || decodeMaxSide <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxBytes=" + maxBytes + " maxPixels="
                    + maxPixels + " decodeMaxSide=" + decodeMaxSide);
        }
    }

    public ImageLimits(long maxBytes, long maxPixels, Duration connectTimeout, Duration readTimeout) {
        this(maxBytes, maxPixels, connectTimeout, readTimeout, DEFAULT_DECODE_MAX_SIDE);
    }

    /** 32 MiB, 50 megapixels, 5 s connect, 20 s read. */
    public static ImageLimits defaults() {
        return new ImageLimits(32L << 20, 50_000_000L, Duration.ofSeconds(5), Duration.ofSeconds(20));
    }
}
