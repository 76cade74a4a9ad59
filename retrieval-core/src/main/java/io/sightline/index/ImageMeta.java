package io.sightline.index;

/**
 * What a shard keeps about an image besides its vector and attributes, for metadata, result pages and verification.
 *
 * @param modelVersion      model bundle that produced the vector
 * @param width             width of the decoded source image
 * @param height            height of the decoded source image
 * @param extractedAtMillis when the descriptor was made (epoch millis)
 * @param thumbnail         a small JPEG of the image, or null when none was made
 * @param localFeatures     the image's local features ({@code io.sightline.verify.LocalFeatures#toBytes}) for
 *                          geometric verification, or null when none were extracted; read only when asked for
 */
public record ImageMeta(
        String modelVersion, int width, int height, long extractedAtMillis, byte[] thumbnail, byte[] localFeatures) {

    /** Without local features. */
    public ImageMeta(String modelVersion, int width, int height, long extractedAtMillis, byte[] thumbnail) {
        this(modelVersion, width, height, extractedAtMillis, thumbnail, null);
    }
}
