package io.sightline.verify;

import io.sightline.image.Images;
import java.awt.image.BufferedImage;

/**
 * A photo as another photographer might have taken it: a centre crop, downscaled, optionally grey. Knows where each
 * of its pixels lies in the original, so tests can check verified coordinates.
 *
 * @param image   the view
 * @param offsetX left of the crop in the original
 * @param offsetY top of the crop in the original
 * @param scale   original pixels per view pixel
 */
public record DegradedCopy(BufferedImage image, int offsetX, int offsetY, double scale) {

    /** Centre crop keeping {@code keep} of each side, longest side then resized to {@code longestSide}. */
    public static DegradedCopy of(BufferedImage original, double keep, int longestSide, boolean grey) {
        int w = original.getWidth();
        int h = original.getHeight();
        int cw = (int) Math.round(w * keep);
        int ch = (int) Math.round(h * keep);
        int x1 = (w - cw) / 2;
        int y1 = (h - ch) / 2;
        BufferedImage crop = Images.crop(original, x1, y1, x1 + cw, y1 + ch);
        BufferedImage small = Images.resizeLongestSide(crop, longestSide);
        return new DegradedCopy(grey ? grey(small) : small, x1, y1, (double) cw / small.getWidth());
    }

    /** The original-image x of view x (pixel-index convention). */
    public double originalX(double x) {
        return (x + 0.5) * scale - 0.5 + offsetX;
    }

    public double originalY(double y) {
        return (y + 0.5) * scale - 0.5 + offsetY;
    }

    private static BufferedImage grey(BufferedImage rgb) {
        BufferedImage out = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                int l = (int) Math.round(0.299 * ((p >> 16) & 255) + 0.587 * ((p >> 8) & 255) + 0.114 * (p & 255));
                out.setRGB(x, y, (l << 16) | (l << 8) | l);
            }
        }
        return out;
    }
}
