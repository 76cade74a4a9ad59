package io.sightline.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Geometry helpers on decoded RGB images. Every result is a fresh {@code TYPE_INT_RGB} image. */
public final class Images {

    private Images() {}

    /**
     * Scales so that the longer side equals {@code longestSide}, keeping the aspect ratio. Returns the input
     * itself when it already has that size.
     */
    public static BufferedImage resizeLongestSide(BufferedImage src, int longestSide) {
        if (longestSide <= 0) {
            throw new IllegalArgumentException("longestSide must be positive: " + longestSide);
        }
        int w = src.getWidth();
        int h = src.getHeight();
        double scale = (double) longestSide / Math.max(w, h);
        int tw = w >= h ? longestSide : Math.max(1, (int) Math.round(w * scale));
        int th = h > w ? longestSide : Math.max(1, (int) Math.round(h * scale));
        return resize(src, tw, th);
    }

    /** Scales by a factor, rounding each side and keeping at least one pixel. */
    public static BufferedImage scale(BufferedImage src, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scale factor must be positive: " + factor);
        }
        return resize(src, Math.max(1, (int) Math.round(src.getWidth() * factor)), Math.max(1, (int)
                Math.round(src.getHeight() * factor)));
    }

    /**
     * Resizes to exactly {@code width x height}. Downscaling halves repeatedly before the last bilinear step,
     * because a single bilinear step by more than 2x skips source pixels and aliases.
     */
    public static BufferedImage resize(BufferedImage src, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
        }
        if (src.getWidth() == width && src.getHeight() == height && src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage current = src;
        int cw = src.getWidth();
        int ch = src.getHeight();
        while (cw / 2 >= width && ch / 2 >= height) {
            cw /= 2;
            ch /= 2;
            current = draw(current, cw, ch);
        }
        return draw(current, width, height);
    }

    /** Copies the box [x1, x2) x [y1, y2), clamped to the image; an empty box after clamping is an error. */
    public static BufferedImage crop(BufferedImage src, int x1, int y1, int x2, int y2) {
        int cx1 = clamp(Math.min(x1, x2), src.getWidth());
        int cx2 = clamp(Math.max(x1, x2), src.getWidth());
        int cy1 = clamp(Math.min(y1, y2), src.getHeight());
        int cy2 = clamp(Math.max(y1, y2), src.getHeight());
        if (cx2 <= cx1 || cy2 <= cy1) {
            throw new IllegalArgumentException("crop box (" + x1 + "," + y1 + ")-(" + x2 + "," + y2
                    + ") is empty inside a " + src.getWidth() + "x" + src.getHeight() + " image");
        }
        int w = cx2 - cx1;
        int h = cy2 - cy1;
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        dst.setRGB(0, 0, w, h, src.getRGB(cx1, cy1, w, h, null, 0, w), 0, w);
        return dst;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    private static BufferedImage draw(BufferedImage src, int width, int height) {
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
