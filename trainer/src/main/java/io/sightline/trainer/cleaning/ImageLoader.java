package io.sightline.trainer.cleaning;

import io.sightline.image.ImageLoadException;
import java.awt.image.BufferedImage;

/** Gives the decoded, upright image of an image id (from a folder, or from the source of an event). */
@FunctionalInterface
public interface ImageLoader {
    BufferedImage load(String imageId) throws ImageLoadException;
}
