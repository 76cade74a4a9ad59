package io.sightline.trainer.cleaning;

/** One noisy input: an image and the label someone gave it. */
public record LabelledItem(String imageId, String label) {
    public LabelledItem {
        if (imageId == null || imageId.isBlank() || label == null || label.isBlank()) {
            throw new IllegalArgumentException(
                    "image id and label must be non-blank: '" + imageId + "', '" + label + "'");
        }
    }
}
