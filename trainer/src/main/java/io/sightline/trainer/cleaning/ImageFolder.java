package io.sightline.trainer.cleaning;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFiles;
import io.sightline.image.ImageLoadException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads images of a folder by id: the id is a file name, or a file name without one of the usual image extensions.
 */
public final class ImageFolder implements ImageLoader {
    private final Path dir;
    private final ImageDecoder decoder;

    public ImageFolder(Path dir, ImageDecoder decoder) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a folder of images: " + dir);
        }
        this.dir = dir;
        this.decoder = decoder;
    }

    /** The file of {@code imageId}, or null when there is none. */
    public Path file(String imageId) {
        Path exact = dir.resolve(imageId).normalize();
        if (!exact.startsWith(dir.normalize())) {
            return null;
        }
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        return ImageFiles.find(dir, imageId).orElse(null);
    }

    /** The ids of {@code items} that have no file here. */
    public List<String> missing(List<LabelledItem> items) {
        return items.stream()
                .map(LabelledItem::imageId)
                .filter(id -> file(id) == null)
                .toList();
    }

    @Override
    public BufferedImage load(String imageId) throws ImageLoadException {
        Path file = file(imageId);
        if (file == null) {
            throw new ImageLoadException(ImageLoadException.Stage.FETCH, "no image '" + imageId + "' in " + dir);
        }
        try {
            return decoder.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
