package io.sightline.trainer.cleaning;

/** An axis-aligned box in source pixels: left, top (inclusive), right, bottom (exclusive). */
public record Box(int x1, int y1, int x2, int y2) {

    public Box {
        if (x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException("empty box (" + x1 + "," + y1 + ")-(" + x2 + "," + y2 + ")");
        }
    }

    /**
     * The smallest box that covers every point (interleaved x, y), clipped to a {@code width x height} image.
     * Null when there are no points.
     */
    public static Box covering(double[] xy, int width, int height) {
        if (xy.length < 2) {
            return null;
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < xy.length; i += 2) {
            minX = Math.min(minX, xy[i]);
            maxX = Math.max(maxX, xy[i]);
            minY = Math.min(minY, xy[i + 1]);
            maxY = Math.max(maxY, xy[i + 1]);
        }
        int x1 = clamp((int) Math.floor(minX), width - 1);
        int y1 = clamp((int) Math.floor(minY), height - 1);
        int x2 = Math.max(x1 + 1, clamp((int) Math.floor(maxX) + 1, width));
        int y2 = Math.max(y1 + 1, clamp((int) Math.floor(maxY) + 1, height));
        return new Box(x1, y1, x2, y2);
    }

    public boolean contains(double x, double y) {
        return x >= x1 && x < x2 && y >= y1 && y < y2;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}
