package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.expansion.AverageQueryExpansion;
import io.sightline.expansion.QueryExpansion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VectorEvaluationTest {

    private static final float S = (float) Math.sqrt(0.5);

    @Test
    void splitsByLandmarkPrefix() {
        LandmarkSplit split = new LandmarkSplit(Set.of("defense", "eiffel"));
        assertThat(LandmarkSplit.landmark("paris_defense_000056")).isEqualTo("defense");
        assertThat(split.isTraining("paris_eiffel_000266")).isTrue();
        assertThat(split.isTraining("paris_louvre_000081")).isFalse();
        OxfordQuery louvre = new OxfordQuery("louvre_1", "paris_louvre_000081", 0, 0, 1, 1, Set.of(), Set.of());
        OxfordQuery triomphe = new OxfordQuery("triomphe_5", "paris_defense_000038", 0, 0, 1, 1, Set.of(), Set.of());
        assertThat(split.testQueries(List.of(louvre, triomphe))).containsExactly(louvre);
        assertThat(split.name()).isEqualTo("train=defense+eiffel");
    }

    @Test
    void apOverPrecomputedVectorsWithJunkAndExpansion() {
        // Query x; database a = x (positive), n = (0.8, 0.6) (negative), b = (s, s) (positive).
        List<String> names = List.of("a", "n", "b");
        List<float[]> db = List.of(new float[] {1, 0}, new float[] {0.8f, 0.6f}, new float[] {S, S});
        OxfordQuery q = new OxfordQuery("q", "a", 0, 0, 1, 1, Set.of("a", "b"), Set.of());
        Map<String, float[]> qv = Map.of("q", new float[] {1, 0});
        // Ranking a (0: 1), n (0.8), b (0.707): AP = 0.5 * (1 + 1) / 2 + 0.5 * (0.5 + 2/3) / 2 = 0.7917.
        EvalReport plain = VectorEvaluation.evaluate(names, db, qv, List.of(q), QueryExpansion.none());
        assertThat(plain.mAP()).isCloseTo(0.5 + 0.5 * (0.5 + 2.0 / 3) / 2, within(1e-9));
        // With b as junk and only a positive, a comes first: AP 1.
        OxfordQuery junkB = new OxfordQuery("q", "a", 0, 0, 1, 1, Set.of("a"), Set.of("b"));
        assertThat(VectorEvaluation.evaluate(names, db, qv, List.of(junkB), QueryExpansion.none())
                        .mAP())
                .isEqualTo(1.0);
        // QE with k = 1 gives q + a = 2x: the same ranking.
        EvalReport qe = VectorEvaluation.evaluate(names, db, qv, List.of(q), new AverageQueryExpansion(1));
        assertThat(qe.mAP()).isCloseTo(plain.mAP(), within(1e-9));
    }
}
