package io.sightline.index;

import java.util.Map;
import java.util.Objects;

/**
 * An indexed image as read back from its shard.
 *
 * @param imageId    the image
 * @param attributes its attributes, as given at upsert
 * @param meta       what was stored with it; null for images written without
 */
public record StoredImage(String imageId, Map<String, String> attributes, ImageMeta meta) {
    public StoredImage {
        Objects.requireNonNull(imageId, "imageId");
        attributes = Map.copyOf(attributes);
    }
}
