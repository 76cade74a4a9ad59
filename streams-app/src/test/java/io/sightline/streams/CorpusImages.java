package io.sightline.streams;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encodes, damages and hand-crafts images for {@link BadInputCorpus}; everything is made at test time. */
final class CorpusImages {

    private CorpusImages() {}

    static byte[] encode(RenderedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    static byte[] truncate(byte[] encoded, double keep) {
        return Arrays.copyOf(encoded, Math.max(1, (int) (encoded.length * keep)));
    }

    /**
     * Flips {@code flips} random bits, leaving the first {@code keepHead} bytes alone so the format is still
     * recognised and the damage reaches the parser. Seeded: the corpus is the same on every run.
     */
    static byte[] flipBits(byte[] encoded, int keepHead, int flips, long seed) {
        byte[] out = encoded.clone();
        Random random = new Random(seed);
        for (int i = 0; i < flips; i++) {
            int at = keepHead + random.nextInt(out.length - keepHead);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    /**
     * A four-component JPEG with an Adobe APP14 marker (transform 0), i.e. CMYK as Photoshop writes it. Adobe
     * stores inverted ink, so storing R, G, B and 255 means "cyan = 255 - R, ..., no black".
     */
    static byte[] cmykJpeg(BufferedImage rgb) throws IOException {
        WritableRaster raster =
                Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, rgb.getWidth(), rgb.getHeight(), 4, null);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                raster.setPixel(x, y, new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff, 255});
            }
        }
        return io.sightline.testing.CmykJpeg.encode(raster);
    }

    /** 16 bits per sample RGB PNG of the photo. */
    static byte[] png16(BufferedImage rgb) throws IOException {
        ComponentColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16},
                false,
                false,
                Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(rgb.getWidth(), rgb.getHeight());
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                raster.setPixel(x, y, new int[] {((p >> 16) & 0xff) * 257, ((p >> 8) & 0xff) * 257, (p & 0xff) * 257});
            }
        }
        return encode(new BufferedImage(model, raster, false, null), "png");
    }

    /** Two frames: the photo, then its negative. */
    static byte[] animatedGif(BufferedImage rgb) throws IOException {
        BufferedImage negative = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                negative.setRGB(x, y, ~rgb.getRGB(x, y));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(rgb, null, null), null);
            writer.writeToSequence(new IIOImage(negative, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Rewrites the dimensions in the first baseline or progressive SOF segment of a JPEG. */
    static byte[] jpegWithSofSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; ) {
            if ((out[i] & 0xff) != 0xff) {
                throw new IllegalArgumentException("not at a JPEG marker at offset " + i);
            }
            int marker = out[i + 1] & 0xff;
            int length = ((out[i + 2] & 0xff) << 8) | (out[i + 3] & 0xff);
            if (marker == 0xc0 || marker == 0xc1 || marker == 0xc2) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("no SOF segment");
    }

    /**
     * A GIF whose logical screen and single image both declare {@code width x height}, followed by a few
     * bytes of LZW data: tiny on disk, billions of pixels if a reader believed it.
     */
    static byte[] gifBomb(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        le16(out, width);
        le16(out, height);
        out.write(0x80); // global colour table of 2 entries
        out.write(0);
        out.write(0);
        out.writeBytes(new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        out.write(0x2c); // image descriptor
        le16(out, 0);
        le16(out, 0);
        le16(out, width);
        le16(out, height);
        out.write(0);
        out.write(2); // LZW minimum code size
        out.writeBytes(new byte[] {2, 0x44, 0x01, 0}); // clear, one pixel, end
        out.write(0x3b);
        return out.toByteArray();
    }

    /** Inserts an APP1 segment that claims to be EXIF but holds a broken TIFF structure. */
    static byte[] withGarbageExif(byte[] jpeg, long seed) {
        byte[] garbage = new byte[200];
        new Random(seed).nextBytes(garbage);
        byte[] head = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0};
        int length = 2 + head.length + garbage.length;
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.write(0xff);
        segment.write(0xe1);
        segment.write(length >> 8);
        segment.write(length & 0xff);
        segment.writeBytes(head); // IFD0 offset 0x7ffffff0: far beyond the segment
        segment.writeBytes(garbage);
        return splice(jpeg, 2, segment.toByteArray());
    }

    /**
     * A lossless (VP8L) WebP of one solid colour: no transforms, no colour cache and five single-symbol prefix
     * codes, so the pixels take zero bits. No WebP writer is on the class path; same technique as
     * retrieval-core's TestImages, which is package-private there.
     */
    static byte[] solidLosslessWebp(int width, int height, int rgb) {
        long bits = 0;
        int n = 0;
        ByteArrayOutputStream vp8l = new ByteArrayOutputStream();
        int[][] fields = {{0x2f, 8}, {width - 1, 14}, {height - 1, 14}, {0, 1}, {0, 3}, {0, 1}, {0, 1}, {0, 1}};
        int[] symbols = {(rgb >> 8) & 0xff, (rgb >> 16) & 0xff, rgb & 0xff, 0xff, 0};
        int[][] all = new int[fields.length + symbols.length * 4][];
        System.arraycopy(fields, 0, all, 0, fields.length);
        for (int s = 0; s < symbols.length; s++) {
            all[fields.length + 4 * s] = new int[] {1, 1}; // simple code
            all[fields.length + 4 * s + 1] = new int[] {0, 1}; // one symbol
            all[fields.length + 4 * s + 2] = new int[] {1, 1}; // 8-bit symbol
            all[fields.length + 4 * s + 3] = new int[] {symbols[s], 8};
        }
        for (int[] f : all) {
            bits |= ((long) f[0] & ((1L << f[1]) - 1)) << n;
            n += f[1];
            while (n >= 8) {
                vp8l.write((int) (bits & 0xff));
                bits >>>= 8;
                n -= 8;
            }
        }
        if (n > 0) {
            vp8l.write((int) (bits & 0xff));
        }
        byte[] payload = vp8l.toByteArray();
        int padded = payload.length + (payload.length & 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        le32(out, 4 + 8 + padded);
        out.writeBytes("WEBPVP8L".getBytes(StandardCharsets.US_ASCII));
        le32(out, payload.length);
        out.writeBytes(payload);
        if ((payload.length & 1) == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] splice(byte[] data, int at, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(data, 0, at);
        out.writeBytes(insert);
        out.write(data, at, data.length - at);
        return out.toByteArray();
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >> 8) & 0xff);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v & 0xffff);
        le16(out, (v >>> 16) & 0xffff);
    }
}
