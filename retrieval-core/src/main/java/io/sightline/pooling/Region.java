package io.sightline.pooling;

/** A rectangle of feature-map cells: columns {@code [x, x + width)}, rows {@code [y, y + height)}. */
public record Region(int x, int y, int width, int height) {
    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("invalid region " + x + "," + y + " " + width + "x" + height);
        }
    }
}
