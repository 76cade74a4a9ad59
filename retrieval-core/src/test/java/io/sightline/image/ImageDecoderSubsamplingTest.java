package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.testing.SharedData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Images longer than decodeMaxSide are subsampled while decoding: bounded rasters, same picture. */
class ImageDecoderSubsamplingTest {
    private static ImageDecoder decoder(int maxSide) {
        return new ImageDecoder(new ImageLimits(
                32L << 20,
                50_000_000L,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                maxSide,
                ImageLimits.DEFAULT_MAX_WEBP_PIXELS));
    }

    @Test
    void aPhotoLongerThanTheCapIsDecodedAtEveryNthPixelAndLooksTheSame() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.parisImage("paris_defense_000056"));
        BufferedImage full = decoder(4096).decode(jpeg);
        BufferedImage sub = decoder(300).decode(jpeg);
        int step = ImageDecoder.subsampling(full.getWidth(), full.getHeight(), 300);
        assertThat(step).isGreaterThan(1);
        assertThat(Math.max(sub.getWidth(), sub.getHeight())).isLessThanOrEqualTo(300);
        assertThat(sub.getWidth()).isEqualTo((full.getWidth() + step - 1) / step);
        assertThat(sub.getHeight()).isEqualTo((full.getHeight() + step - 1) / step);
        // Every n-th pixel of the full decode, up to JPEG's block-wise rounding.
        long diff = 0;
        for (int y = 0; y < sub.getHeight(); y++) {
            for (int x = 0; x < sub.getWidth(); x++) {
                diff += channelDiff(sub.getRGB(x, y), full.getRGB(x * step, y * step));
            }
        }
        assertThat(diff / (3.0 * sub.getWidth() * sub.getHeight()))
                .as("mean channel difference")
                .isLessThan(4.0);
    }

    @Test
    void aHugeLegalPngBecomesABoundedRaster() throws Exception {
        BufferedImage big = new BufferedImage(5000, 1500, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = big.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 2500, 1500);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(big, "png", png);
        BufferedImage decoded = decoder(ImageLimits.DEFAULT_DECODE_MAX_SIDE).decode(png.toByteArray());
        assertThat(decoded.getWidth()).isEqualTo(2500); // step 2
        assertThat(decoded.getHeight()).isEqualTo(750);
        assertThat(new Color(decoded.getRGB(100, 300))).isEqualTo(Color.BLUE);
        assertThat(new Color(decoded.getRGB(2400, 300))).isEqualTo(Color.BLACK);
    }

    @Test
    void imagesWithinTheCapAreDecodedWhole() {
        assertThat(ImageDecoder.subsampling(4096, 3000, 4096)).isEqualTo(1);
        assertThat(ImageDecoder.subsampling(4097, 3000, 4096)).isEqualTo(2);
        assertThat(ImageDecoder.subsampling(8000, 6000, 4096)).isEqualTo(2);
    }

    @Test
    void aWebpAboveItsOwnCapIsRefusedFromTheHeader() throws Exception {
        // 34 bytes that would decode to 20 megapixels: under the general cap, above WebP's.
        byte[] webp = TestImages.solidLosslessWebp(5000, 4000, 0x336699);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder(4096).decode(webp))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("5000x4000 = 20000000 pixels, above the WebP cap of 16777216 pixels");
        assertThat(decoder(4096)
                        .decode(TestImages.solidLosslessWebp(400, 300, 0x336699))
                        .getWidth())
                .isEqualTo(400);
    }

    private static int channelDiff(int a, int b) {
        return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff))
                + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff))
                + Math.abs((a & 0xff) - (b & 0xff));
    }
}
