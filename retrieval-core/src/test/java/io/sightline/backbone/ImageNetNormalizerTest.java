package io.sightline.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageNetNormalizerTest {

    @Test
    void writesPlanarRgbWithImageNetStatistics() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000); // red at (0,0)
        img.setRGB(2, 1, 0x00ff80); // (2,1)
        float[] chw = ImageNetNormalizer.imagenet().toChw(img);
        int plane = 6;
        assertThat(chw).hasSize(3 * plane);
        // Red channel of the red pixel: (1 - 0.485) / 0.229.
        assertThat(chw[0]).isCloseTo((1f - 0.485f) / 0.229f, within(1e-5f));
        assertThat(chw[plane]).isCloseTo(-0.456f / 0.224f, within(1e-5f));
        assertThat(chw[2 * plane]).isCloseTo(-0.406f / 0.225f, within(1e-5f));
        int i = 1 * 3 + 2;
        assertThat(chw[i]).isCloseTo(-0.485f / 0.229f, within(1e-5f));
        assertThat(chw[plane + i]).isCloseTo((1f - 0.456f) / 0.224f, within(1e-5f));
        assertThat(chw[2 * plane + i]).isCloseTo((128f / 255f - 0.406f) / 0.225f, within(1e-5f));
    }

    @Test
    void reusesACallerBufferAndHandlesNonRgbTypes() {
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        gray.setRGB(1, 1, 0x102030);
        float[] buf = new float[100];
        ImageNetNormalizer.imagenet().toChw(gray, buf);
        int i = 1 * 4 + 1;
        assertThat(buf[i]).isCloseTo((0x10 / 255f - 0.485f) / 0.229f, within(1e-5f));
        assertThat(buf[16 + i]).isCloseTo((0x20 / 255f - 0.456f) / 0.224f, within(1e-5f));
        assertThat(buf[32 + i]).isCloseTo((0x30 / 255f - 0.406f) / 0.225f, within(1e-5f));
    }

    /**
     * The packed-int fast path reads exactly what getRGB reads: on a real photo resized as the extractor resizes
     * it, and on a sub-image (a child raster with its own offset), compared with the same pixels in a byte-interleaved
     * image, which takes the general path.
     */
    @Test
    void packedIntFastPathEqualsTheGeneralPathOnARealPhoto() throws Exception {
        java.awt.image.BufferedImage photo = javax.imageio.ImageIO.read(
                io.sightline.testing.SharedData.photos(1).getFirst().toFile());
        java.awt.image.BufferedImage resized = io.sightline.image.Images.resizeLongestSide(photo, 200);
        assertThat(resized.getType()).isEqualTo(java.awt.image.BufferedImage.TYPE_INT_RGB);
        ImageNetNormalizer n = ImageNetNormalizer.imagenet();
        for (java.awt.image.BufferedImage image : java.util.List.of(
                resized, resized.getSubimage(13, 7, resized.getWidth() - 30, resized.getHeight() - 20))) {
            java.awt.image.BufferedImage bytes = new java.awt.image.BufferedImage(
                    image.getWidth(), image.getHeight(), java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            bytes.getGraphics().drawImage(image, 0, 0, null);
            assertThat(n.toChw(image)).containsExactly(n.toChw(bytes));
        }
    }
}
