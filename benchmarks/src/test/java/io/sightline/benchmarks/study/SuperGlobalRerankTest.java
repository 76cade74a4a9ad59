package io.sightline.benchmarks.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SuperGlobal's re-ranking: with K 0 every candidate is its own refinement and the refined query is the best hit,
 * so a candidate close to the best hit overtakes one closer to the query only by cosine (worked out by hand); the
 * database's order is kept below the top M; the Gram-matrix path ranks as the per-query path does.
 */
class SuperGlobalRerankTest {

    private static float[] unit(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Vectors.l2normalize(f);
    }

    @Test
    void withoutNeighboursTheBestHitExpandsTheQueryByMax() {
        // cos(q, .) = 0.9, 0.8, 0.7; cos(x0, x1) = 0.72, cos(x0, x2) = 0.94: scores 0.95, 0.76, 0.82.
        List<float[]> db = List.of(unit(0.9, 0.43589, 0), unit(0.8, 0, 0.6), unit(0.7, 0.71414, 0));
        int[] ranked = new SuperGlobalRerank(400, 0, 0.15).over(db).rank(unit(1, 0, 0));
        assertThat(ranked).containsExactly(0, 2, 1);
    }

    @Test
    void keepsTheFirstRoundOrderBelowTheTopM() {
        List<float[]> db = random(40, 8, 1);
        float[] q = random(1, 8, 2).getFirst();
        int[] full = new SuperGlobalRerank(5, 2, 0.15).over(db).rank(q);
        double[] sims = db.stream().mapToDouble(x -> Vectors.dot(q, x)).toArray();
        Integer[] byCosine = new Integer[db.size()];
        for (int i = 0; i < byCosine.length; i++) {
            byCosine[i] = i;
        }
        Arrays.sort(byCosine, (a, b) -> Double.compare(sims[b], sims[a]));
        assertThat(Arrays.copyOfRange(full, 0, 5))
                .containsExactlyInAnyOrder(Arrays.stream(byCosine, 0, 5)
                        .mapToInt(Integer::intValue)
                        .toArray());
        assertThat(Arrays.copyOfRange(full, 5, 40))
                .containsExactly(Arrays.stream(byCosine, 5, 40)
                        .mapToInt(Integer::intValue)
                        .toArray());
    }

    @Test
    void gramMatrixPathRanksAsThePerQueryPath() {
        List<float[]> db = random(120, 16, 3);
        SuperGlobalRerank sg = SuperGlobalRerank.paper();
        for (float[] q : random(10, 16, 4)) {
            int[] live = sg.over(db).rank(q);
            assertThat(sg.overWithGram(db).rank(q)).containsExactly(live);
            assertThat(Arrays.stream(live).sorted().toArray())
                    .containsExactly(java.util.stream.IntStream.range(0, 120).toArray());
        }
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
