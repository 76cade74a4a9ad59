package io.sightline.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.FeatureMap;
import org.junit.jupiter.api.Test;

class FeatureMapKeypointsTest {

    @Test
    void strideIsThePowerOfTwoThatGivesTheMapSize() {
        assertThat(FeatureMapKeypoints.stride(512, 32)).isEqualTo(16);
        assertThat(FeatureMapKeypoints.stride(501, 32)).isEqualTo(16);
        assertThat(FeatureMapKeypoints.stride(333, 11)).isEqualTo(32);
        assertThat(FeatureMapKeypoints.stride(384, 12)).isEqualTo(32);
    }

    @Test
    void strongestCellsComeFirstAtTheirOriginalPixelCentres() {
        // 2 channels, 3 x 4 cells of a 64 x 48 input (stride 16) from a 128 x 96 original (x2).
        float[] data = new float[2 * 3 * 4];
        data[(0 * 3 + 2) * 4 + 3] = 5f; // channel 0, cell (y 2, x 3): the strongest
        data[(1 * 3 + 0) * 4 + 1] = 2f; // channel 1, cell (y 0, x 1)
        LocalFeatures f = FeatureMapKeypoints.select(new FeatureMap("l", 2, 3, 4, data), 64, 48, 128, 96, 5);

        assertThat(f.size()).isEqualTo(2); // all-zero cells are not keypoints
        assertThat(f.x(0)).isCloseTo((16 * 3 + 0.5f) * 2 - 0.5f, within(1e-4f));
        assertThat(f.y(0)).isCloseTo((16 * 2 + 0.5f) * 2 - 0.5f, within(1e-4f));
        assertThat(f.x(1)).isCloseTo((16 * 1 + 0.5f) * 2 - 0.5f, within(1e-4f));
        assertThat(f.y(1)).isCloseTo(0.5f * 2 - 0.5f, within(1e-4f));
        assertThat(f.hasScales()).isFalse();
        assertThat(f.codes()).containsExactly(127, 0, 0, 127);
    }

    @Test
    void keepsAtMostTheRequestedNumber() {
        float[] data = new float[1 * 4 * 4];
        java.util.Arrays.fill(data, 1f);
        assertThat(FeatureMapKeypoints.select(new FeatureMap("l", 1, 4, 4, data), 64, 64, 64, 64, 3)
                        .size())
                .isEqualTo(3);
    }
}
