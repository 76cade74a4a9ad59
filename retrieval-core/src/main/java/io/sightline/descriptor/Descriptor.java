package io.sightline.descriptor;

import io.sightline.verify.LocalFeatures;
import java.util.Optional;

/**
 * A unit-length global descriptor, the size of the decoded image it came from (before resizing) and, when the
 * extractor keeps them, the image's local features for geometric verification (from the same backbone pass).
 */
public record Descriptor(float[] vector, int width, int height, Optional<LocalFeatures> local) {

    public Descriptor {
        java.util.Objects.requireNonNull(local, "local");
    }

    public Descriptor(float[] vector, int width, int height) {
        this(vector, width, height, Optional.empty());
    }
}
