package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagesTest {

    private static BufferedImage halves(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    @Test
    void downscalesLandscapeAndPortraitToTheLongestSide() {
        BufferedImage land = Images.resizeLongestSide(halves(1024, 768), 512);
        assertThat(land.getWidth()).isEqualTo(512);
        assertThat(land.getHeight()).isEqualTo(384);
        assertThat(land.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(land.getRGB(10, 10) & 0xffffff).isEqualTo(0xff0000);
        assertThat(land.getRGB(500, 10) & 0xffffff).isEqualTo(0x0000ff);
        BufferedImage portrait = Images.resizeLongestSide(halves(683, 1024), 512);
        assertThat(portrait.getWidth()).isEqualTo(342);
        assertThat(portrait.getHeight()).isEqualTo(512);
    }

    @Test
    void upscalesAndLeavesMatchingSizesAlone() {
        BufferedImage small = halves(100, 50);
        assertThat(Images.resizeLongestSide(small, 300))
                .extracting(BufferedImage::getWidth, BufferedImage::getHeight)
                .containsExactly(300, 150);
        assertThat(Images.resizeLongestSide(small, 100)).isSameAs(small);
    }

    @Test
    void scaleRoundsEachSide() {
        assertThat(Images.scale(halves(333, 501), 0.5))
                .extracting(BufferedImage::getWidth, BufferedImage::getHeight)
                .containsExactly(167, 251);
    }

    @Test
    void cropClampsToTheImage() {
        BufferedImage img = halves(100, 60);
        BufferedImage c = Images.crop(img, 40, -10, 200, 30);
        assertThat(c.getWidth()).isEqualTo(60);
        assertThat(c.getHeight()).isEqualTo(30);
        assertThat(c.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(c.getRGB(59, 29) & 0xffffff).isEqualTo(0x0000ff);
        assertThatThrownBy(() -> Images.crop(img, 150, 0, 200, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
