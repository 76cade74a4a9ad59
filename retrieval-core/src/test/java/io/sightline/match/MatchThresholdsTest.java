package io.sightline.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatchThresholdsTest {
    private final MatchThresholds t = new MatchThresholds(0.9, 0.8, 0.5);

    @Test
    void levelsFollowTheThresholdsInclusive() {
        assertThat(t.level(0.95)).isEqualTo(MatchLevel.DUPLICATE);
        assertThat(t.level(0.9)).isEqualTo(MatchLevel.DUPLICATE);
        assertThat(t.level(0.85)).isEqualTo(MatchLevel.NEAR_DUPLICATE);
        assertThat(t.level(0.5)).isEqualTo(MatchLevel.SAME_PLACE);
        assertThat(t.level(0.2)).isEqualTo(MatchLevel.NONE);
        assertThat(t.level(Double.NaN)).isEqualTo(MatchLevel.NONE);
        assertThat(MatchThresholds.none().level(1.0)).isEqualTo(MatchLevel.NONE);
        assertThat(MatchLevel.NEAR_DUPLICATE.label()).isEqualTo("near-duplicate");
        assertThatThrownBy(() -> new MatchThresholds(0.5, 0.8, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    record Hit(String id, double similarity) {}

    @Test
    void copiesMoveFirstBySimilarityAndTheRestKeepTheirOrder() {
        List<Hit> ranked = List.of(
                new Hit("a", 0.7),
                new Hit("copy2", 0.93),
                new Hit("b", 0.6),
                new Hit("near", 0.85),
                new Hit("copy1", 0.99),
                new Hit("c", 0.75));
        // Duplicates and near-duplicates (>= 0.8) first by similarity; the rest keep their rank order.
        assertThat(t.copiesFirst(ranked, Hit::similarity))
                .extracting(Hit::id)
                .containsExactly("copy1", "copy2", "near", "a", "b", "c");
        assertThat(MatchThresholds.none().copiesFirst(ranked, Hit::similarity)).isEqualTo(ranked);
    }
}
