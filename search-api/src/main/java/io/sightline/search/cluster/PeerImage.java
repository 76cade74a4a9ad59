package io.sightline.search.cluster;

import io.sightline.index.StoredImage;

/**
 * An image read from its owner (the body of {@code GET /internal/v1/images/{id}}).
 *
 * @param image  attributes and metadata, the thumbnail only when asked for
 * @param vector its stored vector when asked for, else null
 * @param local  its stored local features ({@code LocalFeatures#toBytes}) when asked for and held, else null
 */
public record PeerImage(StoredImage image, float[] vector, byte[] local) {

    public PeerImage(StoredImage image, float[] vector) {
        this(image, vector, null);
    }
}
