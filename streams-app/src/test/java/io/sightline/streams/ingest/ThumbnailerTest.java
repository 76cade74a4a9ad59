package io.sightline.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.Images;
import io.sightline.image.TurboJpeg;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Thumbnails of real photos. Invariants: the longest side is at most the configured one and a smaller image is
 * never enlarged; the libjpeg-turbo encoder gives the picture ImageIO's writer gives (same size, pixels within JPEG
 * noise, bytes within 10%), so which one a machine has changes nothing a user sees.
 */
class ThumbnailerTest {
    private static final int SIDE = 256;

    @Test
    void thumbnailsFitTheSideAndNeverEnlarge() throws Exception {
        Thumbnailer thumbnailer = new Thumbnailer(SIDE, TurboJpeg.load(TurboJpeg.DEBIAN_JAR));
        for (BufferedImage photo : photos()) {
            BufferedImage thumb = read(thumbnailer.jpeg(photo));
            assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(SIDE);
            BufferedImage small = Images.resizeLongestSide(photo, 100);
            BufferedImage same = read(thumbnailer.jpeg(small));
            assertThat(same.getWidth()).isEqualTo(small.getWidth());
            assertThat(same.getHeight()).isEqualTo(small.getHeight());
        }
    }

    @Test
    void turboJpegAndImageIoMakeTheSameThumbnail() throws Exception {
        Optional<TurboJpeg> turbo = TurboJpeg.load(TurboJpeg.DEBIAN_JAR);
        assumeTrue(turbo.isPresent() || "true".equals(System.getenv("CI")), "TurboJPEG not installed");
        assertThat(turbo).as("./sightline test installs TurboJPEG").isPresent();
        Thumbnailer fast = new Thumbnailer(SIDE, turbo);
        Thumbnailer plain = new Thumbnailer(SIDE);
        for (BufferedImage photo : photos()) {
            byte[] a = fast.jpeg(photo);
            byte[] b = plain.jpeg(photo);
            BufferedImage x = read(a);
            BufferedImage y = read(b);
            assertThat(x.getWidth()).isEqualTo(y.getWidth());
            assertThat(x.getHeight()).isEqualTo(y.getHeight());
            assertThat(meanAbsDiff(x, y)).isLessThan(1.5);
            assertThat((double) a.length).isCloseTo(b.length, withPercentage(10));
        }
    }

    private static List<BufferedImage> photos() throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<BufferedImage> photos = new ArrayList<>();
        for (Path p : SharedData.photos(3)) {
            photos.add(decoder.decode(Files.readAllBytes(p)));
        }
        return photos;
    }

    private static BufferedImage read(byte[] jpeg) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
