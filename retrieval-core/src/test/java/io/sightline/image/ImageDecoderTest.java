package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.testing.SharedData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    private static byte[] realJpeg() throws Exception {
        return Files.readAllBytes(SharedData.parisImage("paris_defense_000056"));
    }

    @Test
    void decodesARealPhotoToIntRgb() throws Exception {
        BufferedImage img = decoder.decode(realJpeg());
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        // Full size: 1024 px in the Paris subset, 800 px in the in-repository sample.
        BufferedImage reference = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(realJpeg()));
        assertThat(img.getWidth()).isEqualTo(reference.getWidth());
        assertThat(img.getHeight()).isEqualTo(reference.getHeight());
        assertThat(img.getRGB(10, 10)).isNotEqualTo(img.getRGB(img.getWidth() / 2, img.getHeight() / 2));
    }

    /** A 64x32 stored image: red block at the stored top-left, blue block at the stored top-right. */
    private static BufferedImage markers() {
        BufferedImage img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 64, 32);
        g.setColor(Color.RED);
        g.fillRect(0, 0, 16, 16);
        g.setColor(Color.BLUE);
        g.fillRect(48, 0, 16, 16);
        g.dispose();
        return img;
    }

    /**
     * Where the stored top-left (red) and top-right (blue) corners must appear once the EXIF orientation is
     * applied, as corners of the displayed image: TL, TR, BR, BL. Taken from the EXIF 2.3 definitions.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"1,TL,TR", "2,TR,TL", "3,BR,BL", "4,BL,BR", "5,TL,BL", "6,TR,BR", "7,BR,TR", "8,BL,TL"})
    void appliesAllEightExifOrientations(int orientation, String red, String blue) throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.encode(markers(), "jpeg"), orientation);
        BufferedImage img = decoder.decode(jpeg);
        boolean swapped = orientation >= 5;
        assertThat(img.getWidth()).isEqualTo(swapped ? 32 : 64);
        assertThat(img.getHeight()).isEqualTo(swapped ? 64 : 32);
        assertThat(dominant(corner(img, red))).isEqualTo("red");
        assertThat(dominant(corner(img, blue))).isEqualTo("blue");
    }

    private static int corner(BufferedImage img, String where) {
        int x = where.endsWith("L") ? 4 : img.getWidth() - 5;
        int y = where.startsWith("T") ? 4 : img.getHeight() - 5;
        return img.getRGB(x, y);
    }

    private static String dominant(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int b = rgb & 0xff;
        return r > 200 && b < 60 ? "red" : b > 200 && r < 60 ? "blue" : String.format("other(%06x)", rgb & 0xffffff);
    }

    @Test
    void decodesCmykJpeg() throws Exception {
        // The JDK writer stores a four-band raster as a 4-component JPEG; the Adobe APP14 segment (transform 0)
        // is what marks such a file as CMYK, as Photoshop does.
        WritableRaster raster =
                java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 40, 30, 4, null);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                // Adobe stores inverted ink amounts: left half full cyan ink, right half no ink at all.
                raster.setPixel(x, y, new int[] {x < 20 ? 0 : 255, 255, 255, 255});
            }
        }
        BufferedImage img = decoder.decode(io.sightline.testing.CmykJpeg.encode(raster));
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(img.getWidth()).isEqualTo(40);
        assertThat(img.getHeight()).isEqualTo(30);
        Color cyan = new Color(img.getRGB(5, 15));
        Color paper = new Color(img.getRGB(35, 15));
        assertThat(cyan.getRed()).as("cyan ink %s", cyan).isLessThan(100);
        assertThat(cyan.getBlue()).as("cyan ink %s", cyan).isGreaterThan(150);
        assertThat(Math.min(paper.getRed(), Math.min(paper.getGreen(), paper.getBlue())))
                .as("no ink %s", paper)
                .isGreaterThan(200);
    }

    @Test
    void decodesProgressiveJpeg() throws Exception {
        BufferedImage img = decoder.decode(TestImages.progressiveJpeg(markers()));
        assertThat(dominant(img.getRGB(4, 4))).isEqualTo("red");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "gif", "bmp", "tiff"})
    void roundTripsLosslessFormats(String format) throws Exception {
        BufferedImage src = markers();
        BufferedImage img = decoder.decode(TestImages.encode(src, format));
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(32);
        assertThat(img.getRGB(4, 4) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(60, 4) & 0xffffff).isEqualTo(0x0000ff);
        assertThat(img.getRGB(30, 20) & 0xffffff).isEqualTo(Color.GRAY.getRGB() & 0xffffff);
    }

    @Test
    void decodesLosslessWebp() throws Exception {
        BufferedImage img = decoder.decode(TestImages.solidLosslessWebp(7, 5, 0x3366cc));
        assertThat(img.getWidth()).isEqualTo(7);
        assertThat(img.getHeight()).isEqualTo(5);
        assertThat(img.getRGB(6, 4) & 0xffffff).isEqualTo(0x3366cc);
    }

    @Test
    void transparentPixelsBecomeWhite() throws Exception {
        BufferedImage argb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0xffff0000);
        BufferedImage img = decoder.decode(TestImages.encode(argb, "png"));
        assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
        assertThat(img.getRGB(1, 1) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void grayscaleJpegBecomesRgb() throws Exception {
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage img = decoder.decode(TestImages.encode(gray, "jpeg"));
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void rejectsDecompressionBombFromTheHeader() throws Exception {
        byte[] bomb = io.sightline.testing.BadImages.pngBomb(30_000, 30_000);
        assertThat(bomb.length).isLessThan(200);
        assertThatThrownBy(() -> decoder.decode(bomb))
                .isInstanceOfSatisfying(
                        ImageLoadException.class, e -> assertThat(e.stage()).isEqualTo(ImageLoadException.Stage.DECODE))
                .hasMessageContaining("30000x30000")
                .hasMessageContaining("900000000")
                .hasMessageContaining("50000000");
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> decoder.decode(new byte[0]))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void rejectsTruncatedJpeg() throws Exception {
        byte[] full = realJpeg();
        byte[] truncated = Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated))
                .isInstanceOfSatisfying(
                        ImageLoadException.class, e -> assertThat(e.stage()).isEqualTo(ImageLoadException.Stage.DECODE))
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsTextAsUnknownFormat() {
        byte[] text = "hello, this is not an image\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> decoder.decode(text))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("not a recognised image format");
    }

    @Test
    void rejectsMoreBytesThanTheCap() throws Exception {
        ImageDecoder small =
                new ImageDecoder(new ImageLimits(1000, 50_000_000, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThatThrownBy(() -> small.decode(realJpeg()))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("exceeds the cap of 1000 bytes");
    }
}
