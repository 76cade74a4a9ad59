package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expected values worked by hand with the trapezoidal rule of compute_ap.cpp. */
class AveragePrecisionTest {

    @Test
    void perfectRankingScoresOne() {
        assertThat(AveragePrecision.oxford(List.of("a", "b", "x"), Set.of("a", "b"), Set.of()))
                .isEqualTo(1.0);
    }

    @Test
    void positiveInSecondPlaceScoresAQuarter() {
        // x: recall 0, precision 0 -> adds 0; a: recall 1, precision 1/2 -> 1 * (0 + 1/2) / 2.
        assertThat(AveragePrecision.oxford(List.of("x", "a"), Set.of("a"), Set.of()))
                .isEqualTo(0.25);
    }

    @Test
    void mixedRanking() {
        // a: 0.5 * (1 + 1) / 2 = 0.5; x: 0; b: 0.5 * (1/2 + 2/3) / 2 = 0.291666...
        assertThat(AveragePrecision.oxford(List.of("a", "x", "b", "y"), Set.of("a", "b"), Set.of()))
                .isCloseTo(0.5 + 0.5 * (0.5 + 2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void junkIsRemovedBeforeScoring() {
        assertThat(AveragePrecision.oxford(List.of("j", "a", "k", "b"), Set.of("a", "b"), Set.of("j", "k")))
                .isEqualTo(1.0);
        // Junk does not occupy a rank: x then a scores like rank 2 (0.25), not rank 3.
        assertThat(AveragePrecision.oxford(List.of("j", "x", "a"), Set.of("a"), Set.of("j")))
                .isEqualTo(0.25);
    }

    @Test
    void positivesNeverRetrievedCountAsMissed() {
        assertThat(AveragePrecision.oxford(List.of("a", "x"), Set.of("a", "b"), Set.of()))
                .isEqualTo(0.5);
    }

    @Test
    void noPositivesScoresZero() {
        assertThat(AveragePrecision.oxford(List.of("a"), Set.of(), Set.of())).isZero();
    }
}
