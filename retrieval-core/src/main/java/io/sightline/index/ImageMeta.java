package io.sightline.index;

/**
 * What a shard keeps about an image besides its vector and attributes, for metadata and result pages.
 *
 * @param modelVersion      model bundle that produced the vector
 * @param width             width of the decoded source image
 * @param height            height of the decoded source image
 * @param extractedAtMillis when the descriptor was made (epoch millis)
 * @param thumbnail         a small JPEG of the image, or null when none was made
 */
public record ImageMeta(String modelVersion, int width, int height, long extractedAtMillis, byte[] thumbnail) {}
