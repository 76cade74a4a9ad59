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

    record Verified(String id, double similarity, int inliers) {}

    @Test
    void verifiedInliersMakeACopyAndOrderTheCopies() {
        MatchThresholds withInliers = t.withCopyInliers(150);
        // A grayscale copy: low similarity, most cells verified. A look-alike: more similar, fewer inliers.
        List<Verified> ranked = List.of(
                new Verified("lookalike", 0.84, 90),
                new Verified("other", 0.7, 40),
                new Verified("gray-copy", 0.6, 260),
                new Verified("unverified", 0.81, -1),
                new Verified("weak", 0.3, 149));
        assertThat(withInliers.copiesFirst(ranked, Verified::similarity, Verified::inliers))
                .as("copies by similarity or inliers first, by inliers then similarity; the rest in rank order")
                .extracting(Verified::id)
                .containsExactly("gray-copy", "lookalike", "unverified", "other", "weak");
        assertThat(withInliers.level(0.6, 260)).isEqualTo(MatchLevel.NEAR_DUPLICATE);
        assertThat(withInliers.level(0.95, 260))
                .as("inliers never lower a level")
                .isEqualTo(MatchLevel.DUPLICATE);
        assertThat(withInliers.level(0.6, 149)).isEqualTo(MatchLevel.SAME_PLACE);
        assertThat(withInliers.isCopy(0.3, 150)).isTrue();
        assertThat(withInliers.isCopy(0.3, -1)).isFalse();
        assertThat(t.level(0.6, 1000))
                .as("the three-threshold constructor has no inlier rule")
                .isEqualTo(MatchLevel.SAME_PLACE);
        assertThatThrownBy(() -> t.withCopyInliers(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
