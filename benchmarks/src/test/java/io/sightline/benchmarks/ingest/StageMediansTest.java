package io.sightline.benchmarks.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.app.node.StageBench;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageMediansTest {

    /** A run whose every figure is {@code v}, but for the extractor's CPU, {@code extractorMs}. */
    private static StageBench.Result run(double v, double extractorMs) {
        return new StageBench.Result(250, 2, v, v, v, v, v, v, v, extractorMs, v, v);
    }

    /** Invariant: each figure is the median of that figure, so one slow run among three does not move it. */
    @Test
    void oneSlowRunDoesNotSetTheFigure() {
        StageBench.Result median = StageMedians.of(List.of(run(1, 27.0), run(2, 40.8), run(3, 28.1)));
        assertThat(median.extractorCpuMs()).isEqualTo(28.1);
        assertThat(median.decodeCpuMs()).isEqualTo(2);
        assertThat(median.extractorPerSecond()).isEqualTo(2);
        assertThat(median.images()).isEqualTo(250);
        assertThat(median.threads()).isEqualTo(2);
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        StageBench.Result median = StageMedians.of(List.of(run(4, 30), run(1, 26), run(2, 28), run(9, 41)));
        assertThat(median.decodeCpuMs()).isEqualTo(3);
        assertThat(median.extractorCpuMs()).isEqualTo(29);
        assertThat(StageMedians.of(List.of(run(5, 31))).extractorCpuMs()).isEqualTo(31);
        assertThatThrownBy(() -> StageMedians.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
