package io.sightline.match;

import java.util.Locale;

/** How strongly a result matches its query, read from the raw similarity of their descriptors. */
public enum MatchLevel {
    /** The same photo, re-encoded or resized. */
    DUPLICATE,
    /** The same photo, edited: cropped, rotated, recoloured. */
    NEAR_DUPLICATE,
    /** Another photo of the same object or place. */
    SAME_PLACE,
    /** Nothing the calibration vouches for. */
    NONE;

    /** The API's spelling: {@code duplicate}, {@code near-duplicate}, {@code same-place}, {@code none}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
