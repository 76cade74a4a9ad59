package io.sightline.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiScaleTest {

    @Test
    void sumAndGeneralizedMeanOfWorkedVectors() {
        List<float[]> perScale = List.of(new float[] {1, 0, -1}, new float[] {0, 2, -1});
        assertThat(new MultiScale(List.of(1.0, 2.0), 1).combine(perScale)).containsExactly(1f, 2f, -2f);
        // p = 2: sqrt(mean(x^2)) with signs kept: (sqrt(0.5), sqrt(2), -1).
        assertThat(new MultiScale(List.of(1.0, 2.0), 2).combine(perScale))
                .containsExactly(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(2), -1f}, within(1e-6f));
        assertThat(new MultiScale(List.of(1.0, 2.0), 1).combineNormalised(perScale))
                .containsExactly(new float[] {1 / 3f, 2 / 3f, -2 / 3f}, within(1e-6f));
    }

    @Test
    void singleScaleHasNoVersionTagAndPyramidsDo() {
        assertThat(MultiScale.single().tag()).isEmpty();
        assertThat(MultiScale.sqrt2(1).tag()).isEqualTo("/ms1.000,0.707,1.414");
        assertThat(MultiScale.sqrt2(3).tag()).isEqualTo("/ms1.000,0.707,1.414-gm3.0");
        assertThatThrownBy(() -> new MultiScale(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultiScale.single().combine(List.of(new float[1], new float[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
