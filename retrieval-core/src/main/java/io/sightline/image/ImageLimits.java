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
 * @param maxWebpPixels  largest width x height accepted for WebP, checked from the header like maxPixels: the WebP
 *                       reader decodes every pixel whatever the subsampling and cannot be aborted midway, and a
 *                       34-byte lossless WebP of 49 megapixels took 50 s of CPU (2 busy cores)
 */
public record ImageLimits(
        long maxBytes,
        long maxPixels,
        Duration connectTimeout,
        Duration readTimeout,
        int decodeMaxSide,
        long maxWebpPixels) {
    /** Far above what any descriptor scale needs (512 px by default), far below what the pixel cap allows. */
    public static final int DEFAULT_DECODE_MAX_SIDE = 4096;
    /** 4096 x 4096: WebP photos are rarely larger, and the decode then stays around a second. */
    public static final long DEFAULT_MAX_WEBP_PIXELS = 4096L * 4096L;

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || decodeMaxSide <= 0 || maxWebpPixels <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxBytes=" + maxBytes + " maxPixels="
                    + maxPixels + " decodeMaxSide=" + decodeMaxSide + " maxWebpPixels=" + maxWebpPixels);
        }
    }

    public ImageLimits(long maxBytes, long maxPixels, Duration connectTimeout, Duration readTimeout) {
        this(maxBytes, maxPixels, connectTimeout, readTimeout, DEFAULT_DECODE_MAX_SIDE, DEFAULT_MAX_WEBP_PIXELS);
    }

    /** 32 MiB, 50 megapixels, 5 s connect, 20 s read. */
    public static ImageLimits defaults() {
        return new ImageLimits(32L << 20, 50_000_000L, Duration.ofSeconds(5), Duration.ofSeconds(20));
    }
}
