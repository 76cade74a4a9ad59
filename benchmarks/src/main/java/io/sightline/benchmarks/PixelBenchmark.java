package io.sightline.benchmarks;

import io.sightline.backbone.ImageNetNormalizer;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-image pixel work of ingest on a 512 x 384 photo-sized image (issue #19): ImageNet normalisation into the
 * backbone's tensor through {@code getRGB} (the former loop, copied here; still the path of non-packed images) vs
 * straight from the packed pixel array; and an sRGB-tagged JPEG's colour conversion as it was (LittleCMS through ColorConvertOp,
 * the largest Java cost in a JFR profile of ingest) vs what {@code JpegIcc} now does for such a profile: nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PixelBenchmark {
    BufferedImage packed;
    float[] out;
    ImageNetNormalizer normalizer = ImageNetNormalizer.imagenet();
    ColorConvertOp srgbToSrgb;
    BufferedImage converted;

    @Setup
    public void setup() {
        packed = new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(5);
        for (int y = 0; y < packed.getHeight(); y++) {
            for (int x = 0; x < packed.getWidth(); x++) {
                packed.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        out = new float[3 * 512 * 384];
        srgbToSrgb = new ColorConvertOp(
                new ICC_ColorSpace(ICC_Profile.getInstance(ColorSpace.CS_sRGB)),
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                null);
        converted = new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB);
    }

    /** The former loop, on the same packed image: a row of getRGB, then one FMA per value. */
    @Benchmark
    public float[] toChwGetRgb() {
        int w = packed.getWidth();
        int h = packed.getHeight();
        int plane = w * h;
        float s = 1f / (255f * 0.226f);
        float o = -0.45f / 0.226f;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            packed.getRGB(0, y, w, 1, row, 0, w);
            int base = y * w;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int i = base + x;
                out[i] = ((p >> 16) & 0xff) * s + o;
                out[plane + i] = ((p >> 8) & 0xff) * s + o;
                out[2 * plane + i] = (p & 0xff) * s + o;
            }
        }
        return out;
    }

    @Benchmark
    public float[] toChwPacked() {
        normalizer.toChw(packed, out);
        return out;
    }

    @Benchmark
    public BufferedImage srgbProfileConverted() {
        srgbToSrgb.filter(packed.getRaster(), converted.getRaster());
        return converted;
    }

    @Benchmark
    public BufferedImage srgbProfileSkipped() {
        return packed;
    }
}
