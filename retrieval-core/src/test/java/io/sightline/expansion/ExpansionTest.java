package io.sightline.expansion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpansionTest {

    private static final float S = (float) Math.sqrt(0.5);
    private static final float[] X = {1, 0, 0};
    private static final float[] XY = {S, S, 0};
    private static final float[] Y = {0, 1, 0};
    private static final float[] Z = {0, 0, 1};

    @Test
    void averageQeIsTheNormalisedMeanOfQueryAndTopK() {
        List<ScoredVector> ranked = ExactSearch.topK(X, List.of(Z, XY, Y), 3, -1);
        assertThat(ranked.stream().map(ScoredVector::index)).containsExactly(1, 0, 2);
        // k = 1: X + XY = (1 + s, s, 0), normalised.
        float[] e = new AverageQueryExpansion(1).expand(X, ranked);
        double n = Math.hypot(1 + S, S);
        assertThat(e).containsExactly(new float[] {(float) ((1 + S) / n), (float) (S / n), 0}, within(1e-6f));
        assertThat(new AverageQueryExpansion(1).name()).isEqualTo("aqe1");
    }

    @Test
    void alphaQeWeightsBySimilarityPowerAndIgnoresNegativeSimilarities() {
        List<ScoredVector> ranked = List.of(new ScoredVector(0, XY, 0.5), new ScoredVector(1, Y, -0.2));
        // alpha = 2: X + 0.25 XY + 0 * Y.
        float[] e = new AlphaQueryExpansion(2, 2).expand(X, ranked);
        double a = 1 + 0.25 * S;
        double b = 0.25 * S;
        double n = Math.hypot(a, b);
        assertThat(e).containsExactly(new float[] {(float) (a / n), (float) (b / n), 0}, within(1e-6f));
        assertThat(new AlphaQueryExpansion(2, 3).name()).isEqualTo("aqe2a3");
        assertThat(QueryExpansion.none().expand(X, ranked)).containsExactly(X);
    }

    @Test
    void dbaAugmentsEachVectorWithItsNearestOthersOnly() {
        List<float[]> db = List.of(X, XY, Z);
        List<float[]> aug = new DatabaseAugmentation(1, 0).augment(db);
        // X's nearest other is XY; XY's nearest other is X (tie with none: sim 0.707 vs 0); Z's is X (tie at 0, lower
        // index).
        double n = Math.hypot(1 + S, S);
        assertThat(aug.get(0)).containsExactly(new float[] {(float) ((1 + S) / n), (float) (S / n), 0}, within(1e-6f));
        assertThat(aug.get(1)).containsExactly(aug.get(0), within(1e-6f));
        assertThat(aug.get(2)).containsExactly(new float[] {S, 0, S}, within(1e-6f));
        // The raw list is untouched (neighbours come from raw vectors).
        assertThat(db.get(0)).containsExactly(1f, 0f, 0f);
        assertThatThrownBy(() -> new DatabaseAugmentation(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
