package io.sightline.backbone;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Turns an RGB image into the planar float tensor torchvision-trained networks expect:
 * {@code (x / 255 - mean) / std} per channel, channel-major (CHW), RGB order. Immutable and thread-safe.
 */
public final class ImageNetNormalizer {

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final float[] mean;
    private final float[] std;

    public ImageNetNormalizer(float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("need 3 means and 3 stds (RGB)");
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** The torchvision ImageNet statistics. */
    public static ImageNetNormalizer imagenet() {
        return new ImageNetNormalizer(IMAGENET_MEAN, IMAGENET_STD);
    }

    /** A fresh {@code [3 * height * width]} array. */
    public float[] toChw(BufferedImage rgb) {
        float[] out = new float[3 * rgb.getWidth() * rgb.getHeight()];
        toChw(rgb, out);
        return out;
    }

    /** Fills {@code out} (at least {@code 3 * height * width} long) so callers can reuse a buffer. */
    public void toChw(BufferedImage rgb, float[] out) {
        toChw(rgb, out, 0);
    }

    /** Fills {@code out} from {@code offset}: one image of a batch buffer. */
    public void toChw(BufferedImage rgb, float[] out, int offset) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int plane = w * h;
        if (out.length < offset + 3 * plane) {
            throw new IllegalArgumentException("buffer of " + out.length + " floats too small for " + w + "x" + h);
        }
        // Folding 1/255 and the division by std into one scale and offset per channel: one FMA per value.
        float sr = 1f / (255f * std[0]);
        float sg = 1f / (255f * std[1]);
        float sb = 1f / (255f * std[2]);
        float or = -mean[0] / std[0];
        float og = -mean[1] / std[1];
        float ob = -mean[2] / std[2];
        // Packed-int images (what the resizer makes) are read straight from their pixel array: getRGB converts
        // each pixel through the colour model, a JFR profile's second-largest Java cost of ingest.
        if ((rgb.getType() == BufferedImage.TYPE_INT_RGB || rgb.getType() == BufferedImage.TYPE_INT_ARGB)
                && rgb.getRaster().getDataBuffer() instanceof DataBufferInt pixels
                && rgb.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model) {
            int[] data = pixels.getData();
            int tx = rgb.getRaster().getSampleModelTranslateX();
            int ty = rgb.getRaster().getSampleModelTranslateY();
            for (int y = 0; y < h; y++) {
                int from = pixels.getOffset() + model.getOffset(-tx, y - ty);
                int base = offset + y * w;
                for (int x = 0; x < w; x++) {
                    int p = data[from + x];
                    int i = base + x;
                    out[i] = ((p >> 16) & 0xff) * sr + or;
                    out[plane + i] = ((p >> 8) & 0xff) * sg + og;
                    out[2 * plane + i] = (p & 0xff) * sb + ob;
                }
            }
            return;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            rgb.getRGB(0, y, w, 1, row, 0, w);
            int base = offset + y * w;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int i = base + x;
                out[i] = ((p >> 16) & 0xff) * sr + or;
                out[plane + i] = ((p >> 8) & 0xff) * sg + og;
                out[2 * plane + i] = (p & 0xff) * sb + ob;
            }
        }
    }
}
