package io.sightline.eval;

import io.sightline.image.Images;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * How another photographer's or another app's copy of a photo differs from the indexed one: the degraded views the
 * leave-one-out protocol queries with ({@link LooEvaluation}), and the copies the duplicate calibration uses. Each
 * view is a pure function of the decoded photo; none uses randomness, so every run scores the same queries.
 */
public enum QueryView {
    /** The photo as indexed. */
    ORIGINAL("original"),
    /** Downscaled so its longest side is 320 px, as a thumbnail or a messaging app sends it. */
    DOWN_320("down320"),
    /** Downscaled to a longest side of 480 px. */
    DOWN_480("down480"),
    /** Re-encoded as a JPEG at quality 30. */
    JPEG_30("jpeg30"),
    /** The central 80% of each side. */
    CROP_80("crop80"),
    /** Grayscale, kept as three equal channels. */
    GRAY("gray"),
    /** Rotated by 10 degrees about the centre, cropped to the largest upright rectangle inside the rotated photo. */
    ROTATE_10("rotate10");

    private final String tag;

    QueryView(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** Every degraded view, without {@link #ORIGINAL}. */
    public static List<QueryView> degraded() {
        return Arrays.stream(values()).filter(v -> v != ORIGINAL).toList();
    }

    public static QueryView parse(String tag) {
        for (QueryView v : values()) {
            if (v.tag.equalsIgnoreCase(tag) || v.name().equalsIgnoreCase(tag)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown view '" + tag + "'; expected one of "
                + Arrays.stream(values()).map(QueryView::tag).toList());
    }

    /** This view of a decoded RGB photo; {@link #ORIGINAL} returns the photo itself. */
    public BufferedImage apply(BufferedImage photo) {
        return switch (this) {
            case ORIGINAL -> photo;
            case DOWN_320 -> downscale(photo, 320);
            case DOWN_480 -> downscale(photo, 480);
            case JPEG_30 -> jpeg(photo, 0.30f);
            case CROP_80 -> centreCrop(photo, 0.8);
            case GRAY -> gray(photo);
            case ROTATE_10 -> rotate(photo, 10);
        };
    }

    private static BufferedImage downscale(BufferedImage photo, int side) {
        return Math.max(photo.getWidth(), photo.getHeight()) <= side ? photo : Images.resizeLongestSide(photo, side);
    }

    static BufferedImage centreCrop(BufferedImage photo, double keep) {
        int w = (int) Math.round(photo.getWidth() * keep);
        int h = (int) Math.round(photo.getHeight() * keep);
        int x = (photo.getWidth() - w) / 2;
        int y = (photo.getHeight() - h) / 2;
        return Images.crop(photo, x, y, x + w, y + h);
    }

    private static BufferedImage gray(BufferedImage photo) {
        BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < photo.getHeight(); y++) {
            for (int x = 0; x < photo.getWidth(); x++) {
                int rgb = photo.getRGB(x, y);
                // ITU-R BT.601 luma, as JPEG's YCbCr and most "black and white" filters use.
                int l = (int)
                        Math.round(0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
                out.setRGB(x, y, (l << 16) | (l << 8) | l);
            }
        }
        return out;
    }

    /** Encodes and decodes again with ImageIO's JPEG codec at {@code quality} (0..1). */
    static BufferedImage jpeg(BufferedImage photo, float quality) {
        BufferedImage rgb = photo.getType() == BufferedImage.TYPE_INT_RGB ? photo : toRgb(photo);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG re-encoding at quality " + quality + " failed", e);
        } finally {
            writer.dispose();
        }
        try {
            return toRgb(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException("decoding a re-encoded JPEG failed", e);
        }
    }

    /**
     * Rotates about the centre and keeps the largest axis-aligned rectangle of the original's aspect ratio that lies
     * inside the rotated photo, so no blank corners enter the descriptor (a tilted camera, then cropped).
     */
    static BufferedImage rotate(BufferedImage photo, double degrees) {
        double a = Math.toRadians(degrees);
        int w = photo.getWidth();
        int h = photo.getHeight();
        BufferedImage rotated = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rotated.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, AffineTransform.getRotateInstance(a, w / 2.0, h / 2.0), null);
        g.dispose();
        // A w x h frame scaled by s fits inside the rotated w x h photo when s (w cos + h sin) <= w and
        // s (w sin + h cos) <= h.
        double c = Math.abs(Math.cos(a));
        double s = Math.abs(Math.sin(a));
        double k = Math.min(w / (w * c + h * s), h / (w * s + h * c));
        return centreCrop(rotated, k);
    }

    private static BufferedImage toRgb(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    @Override
    public String toString() {
        return tag.toLowerCase(Locale.ROOT);
    }
}
