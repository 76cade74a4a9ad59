package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TurboJPEG path of {@link ImageDecoder} against the ImageIO path on real photos. Invariants: the same pixels
 * up to IDCT rounding at full scale; a scaled decode keeps the longest side at least what was asked and reports
 * the source size; bad JPEGs fail exactly as without TurboJPEG. Runs where Debian's libturbojpeg-java is installed
 * ({@code ./sightline test} installs it; with CI=true a missing library fails instead of skipping).
 */
class TurboJpegTest {
    private static final ImageLimits LIMITS =
            new ImageLimits(50_000_000, 100_000_000, Duration.ofSeconds(5), Duration.ofSeconds(5), 4096, 16_000_000);
    private static Optional<TurboJpeg> turbo;

    @BeforeAll
    static void load() {
        turbo = TurboJpeg.load(TurboJpeg.DEBIAN_JAR);
        if (turbo.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but TurboJPEG is not installed (./sightline test installs it)");
        }
    }

    /** A second decoder in the same JVM (a new model generation) must get TurboJPEG too, not fall back to ImageIO. */
    @Test
    void loadingTwiceGivesTheSameBinding() {
        assertThat(TurboJpeg.load(TurboJpeg.DEBIAN_JAR)).isEqualTo(turbo);
        assertThat(TurboJpeg.load(TurboJpeg.DEBIAN_JAR.resolveSibling("./turbojpeg.jar")))
                .isEqualTo(turbo);
    }

    @Test
    void denominatorKeepsAtLeastTheAskedSide() {
        assertThat(TurboJpeg.denominator(1024, 768, 512, 4096)).isEqualTo(2);
        assertThat(TurboJpeg.denominator(1024, 768, 513, 4096)).isEqualTo(1);
        assertThat(TurboJpeg.denominator(4000, 3000, 512, 4096)).isEqualTo(4);
        assertThat(TurboJpeg.denominator(300, 200, 512, 4096)).isEqualTo(1);
        assertThat(TurboJpeg.denominator(16000, 500, 512, 4096)).isEqualTo(8);
        for (int side = 1; side < 5000; side += 37) {
            for (int want : new int[] {64, 512, 1024}) {
                int d = TurboJpeg.denominator(side, side / 2 + 1, want, 4096);
                int decoded = TurboJpeg.scaled(side, d);
                assertThat(decoded >= want || d == 1)
                        .as("side %d want %d d %d", side, want, d)
                        .isTrue();
            }
        }
    }

    @Test
    void withoutDctScalingItDecodesFullSizeAndMatchesImageIo() throws Exception {
        assumeTrue(turbo.isPresent(), "TurboJPEG not installed");
        ImageDecoder fast = new ImageDecoder(LIMITS, turbo, false);
        ImageDecoder plain = new ImageDecoder(LIMITS);
        for (Path photo : SharedData.photos(3)) {
            byte[] bytes = Files.readAllBytes(photo);
            BufferedImage a = fast.decode(bytes, 64).image();
            BufferedImage b = plain.decode(bytes);
            assertThat(a.getWidth()).isEqualTo(b.getWidth());
            assertThat(a.getHeight()).isEqualTo(b.getHeight());
            assertThat(meanAbsDiff(a, b)).as(photo.toString()).isLessThan(2.0);
        }
    }

    @Test
    void scaledDecodeReportsTheSourceSizeAndLooksLikeADownscale() throws Exception {
        assumeTrue(turbo.isPresent(), "TurboJPEG not installed");
        ImageDecoder fast = new ImageDecoder(LIMITS, turbo, true);
        ImageDecoder plain = new ImageDecoder(LIMITS);
        for (Path photo : SharedData.photos(3)) {
            byte[] bytes = Files.readAllBytes(photo);
            BufferedImage full = plain.decode(bytes);
            ImageDecoder.Decoded half = fast.decode(bytes, Math.max(full.getWidth(), full.getHeight()) / 2);
            assertThat(half.sourceWidth()).isEqualTo(full.getWidth());
            assertThat(half.sourceHeight()).isEqualTo(full.getHeight());
            assertThat(Math.max(half.image().getWidth(), half.image().getHeight()))
                    .isGreaterThanOrEqualTo(Math.max(full.getWidth(), full.getHeight()) / 2)
                    .isLessThan(Math.max(full.getWidth(), full.getHeight()));
            BufferedImage reference =
                    Images.resize(full, half.image().getWidth(), half.image().getHeight());
            assertThat(meanAbsDiff(half.image(), reference))
                    .as(photo.toString())
                    .isLessThan(6.0);
        }
    }

    @Test
    void truncatedJpegFailsAsWithoutTurboJpeg() throws Exception {
        assumeTrue(turbo.isPresent(), "TurboJPEG not installed");
        byte[] bytes = Files.readAllBytes(SharedData.photos(1).getFirst());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
        ImageDecoder fast = new ImageDecoder(LIMITS, turbo, true);
        ImageDecoder plain = new ImageDecoder(LIMITS);
        assertThatThrownBy(() -> plain.decode(truncated)).isInstanceOf(ImageLoadException.class);
        assertThatThrownBy(() -> fast.decode(truncated, 256))
                .isInstanceOf(ImageLoadException.class)
                .hasMessage(messageOf(() -> plain.decode(truncated)));
    }

    private interface Decode {
        void run() throws Exception;
    }

    private static String messageOf(Decode decode) {
        try {
            decode.run();
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        int w = a.getWidth();
        int h = a.getHeight();
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * w * h);
    }
}
