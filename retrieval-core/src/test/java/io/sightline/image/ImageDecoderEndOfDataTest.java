package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading at the end of the data must be cheap (found by the bad-input corpus). */
class ImageDecoderEndOfDataTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    /**
     * Six bit flips turn a 160x120 solid VP8L into a 4256x119 one of zero-bit pixels, past the end of the data:
     * 33 s of CPU before the fix. Whether it then decodes or fails, it must be quick.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void zeroBitLosslessWebpPastTheEndOfTheDataIsQuick() {
        byte[] webp = TestImages.solidLosslessWebp(160, 120, 0x336699);
        Random random = new Random(3);
        for (int i = 0; i < 6; i++) {
            int at = 16 + random.nextInt(webp.length - 16);
            webp[at] ^= (byte) (1 << random.nextInt(8));
        }
        long started = System.nanoTime();
        try {
            decoder.decode(webp);
        } catch (ImageLoadException e) {
            assertThat(e.stage()).isEqualTo(ImageLoadException.Stage.DECODE);
        }
        assertThat((System.nanoTime() - started) / 1_000_000)
                .isLessThan(10_000); // 33 s before; about 3 s after, see the report on the residual cost
    }

    @Test
    void wellFormedLosslessWebpStillDecodes() throws Exception {
        assertThat(decoder.decode(TestImages.solidLosslessWebp(300, 200, 0x112233))
                                .getRGB(299, 199)
                        & 0xffffff)
                .isEqualTo(0x112233);
    }
}
