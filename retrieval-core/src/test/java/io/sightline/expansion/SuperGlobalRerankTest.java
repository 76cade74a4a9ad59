package io.sightline.expansion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SuperGlobal's re-ranking. Invariants: the first M candidates are re-ordered by their new scores (non-increasing),
 * the rest keep their order and scores, nothing is lost or repeated. A case worked by hand: with K 0 every candidate
 * is its own refinement and the refined query is the best hit, so a candidate close to the best hit overtakes one
 * closer to the query.
 */
class SuperGlobalRerankTest {

    private static float[] unit(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Vectors.l2normalize(f);
    }

    private static List<ScoredVector> ranked(float[] query, List<float[]> db) {
        return ExactSearch.topK(query, db, db.size(), -1);
    }

    @Test
    void withoutNeighboursTheBestHitExpandsTheQueryByMax() {
        // cos(q, .) = 0.9, 0.8, 0.7; cos(x0, x1) = 0.72, cos(x0, x2) = 0.94 (x0 . max(x0, x2) likewise):
        // scores (0.9 + 1) / 2, (0.8 + 0.72) / 2, (0.7 + 0.94) / 2 = 0.95, 0.76, 0.82.
        List<float[]> db = List.of(unit(0.9, 0.43589, 0), unit(0.8, 0, 0.6), unit(0.7, 0.71414, 0));
        float[] q = unit(1, 0, 0);
        List<ScoredVector> out = new SuperGlobalRerank(400, 0, 0.15).rerank(q, ranked(q, db));
        assertThat(out).extracting(ScoredVector::index).containsExactly(0, 2, 1);
        assertThat(out.get(0).score()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(out.get(1).score()).isCloseTo(0.82, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(out.get(2).score()).isCloseTo(0.76, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void reordersOnlyTheFirstMAndKeepsTheRest() {
        List<float[]> db = random(60, 8, 1);
        SuperGlobalRerank sg = new SuperGlobalRerank(12, 3, 0.15);
        Random r = new Random(2);
        for (int i = 0; i < 20; i++) {
            float[] q = db.get(r.nextInt(db.size()));
            List<ScoredVector> first = ranked(q, db);
            List<ScoredVector> out = sg.rerank(q, first);
            assertThat(out).hasSize(first.size());
            assertThat(out.subList(0, 12))
                    .extracting(ScoredVector::index)
                    .containsExactlyInAnyOrderElementsOf(first.subList(0, 12).stream()
                            .map(ScoredVector::index)
                            .toList());
            assertThat(out.subList(0, 12))
                    .isSortedAccordingTo(
                            Comparator.comparingDouble(ScoredVector::score).reversed());
            assertThat(out.subList(12, 60)).containsExactlyElementsOf(first.subList(12, 60));
        }
    }

    @Test
    void changesTheOrderOfClusteredNeighbours() {
        // Not a no-op: on clustered vectors some query's first M come back in another order.
        List<float[]> db = random(60, 8, 3);
        SuperGlobalRerank sg = SuperGlobalRerank.paper();
        int changed = 0;
        for (float[] q : random(20, 8, 4)) {
            List<ScoredVector> first = ranked(q, db);
            List<Integer> before = first.stream().map(ScoredVector::index).toList();
            List<Integer> after =
                    sg.rerank(q, first).stream().map(ScoredVector::index).toList();
            changed += before.equals(after) ? 0 : 1;
        }
        assertThat(changed).isPositive();
    }

    @Test
    void parsesItsSpecAndRefusesNonsense() {
        assertThat(SuperGlobalRerank.parse("none")).isEmpty();
        assertThat(SuperGlobalRerank.parse("400:9:0.15")).contains(SuperGlobalRerank.paper());
        assertThat(SuperGlobalRerank.parse(SuperGlobalRerank.paper().spec())).contains(SuperGlobalRerank.paper());
        assertThatThrownBy(() -> SuperGlobalRerank.parse("400:9")).hasMessageContaining("M:K:BETA");
        assertThatThrownBy(() -> SuperGlobalRerank.parse("0:9:0.15")).hasMessageContaining("M >= 1");
        assertThatThrownBy(() -> SuperGlobalRerank.parse("a:9:0.15")).hasMessageContaining("M:K:BETA");
    }

    private static List<float[]> random(int n, int dim, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) r.nextGaussian();
            }
            out.add(Vectors.l2normalize(v));
        }
        return out;
    }
}
