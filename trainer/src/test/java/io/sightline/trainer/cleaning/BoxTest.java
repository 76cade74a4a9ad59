package io.sightline.trainer.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoxTest {

    @Test
    void coversEveryPoint() {
        double[] xy = {10.2, 20.7, 99.9, 5.0, 50, 149.5};
        Box box = Box.covering(xy, 120, 150);

        assertThat(box).isEqualTo(new Box(10, 5, 100, 150));
        for (int i = 0; i < xy.length; i += 2) {
            assertThat(box.contains(xy[i], xy[i + 1])).as("point %d", i / 2).isTrue();
        }
    }

    @Test
    void pointsOutsideTheImageAreClippedToIt() {
        assertThat(Box.covering(new double[] {-3, 40, 200.5, 60, 50, -1}, 120, 150))
                .isEqualTo(new Box(0, 0, 120, 61));
    }

    @Test
    void aSinglePointGivesAOnePixelBoxAndNoPointsNone() {
        assertThat(Box.covering(new double[] {7.5, 3.2}, 10, 10)).isEqualTo(new Box(7, 3, 8, 4));
        assertThat(Box.covering(new double[0], 10, 10)).isNull();
    }
}
