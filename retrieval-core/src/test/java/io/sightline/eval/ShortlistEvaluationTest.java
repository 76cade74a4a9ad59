package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.ExactSearch;
import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shortlist DBA (as the live search runs it) against offline DBA on small clustered vectors. */
class ShortlistEvaluationTest {
    private static final int DIM = 12;
    private static final int CLUSTERS = 5;
    private static final int PER_CLUSTER = 8;
    private static final DatabaseAugmentation DBA = new DatabaseAugmentation(5, 3);
    private static final QueryExpansion QE = new AlphaQueryExpansion(5, 3);

    private final List<float[]> database = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, float[]> queryVectors = new LinkedHashMap<>();
    private final List<OxfordQuery> queries = new ArrayList<>();

    ShortlistEvaluationTest() {
        // Noisy clusters (a landmark each); one query per cluster near its centre, its cluster the positives.
        Random random = new Random(42);
        for (int c = 0; c < CLUSTERS; c++) {
            float[] centre = gaussian(random, 1);
            Set<String> positives = new HashSet<>();
            for (int i = 0; i < PER_CLUSTER; i++) {
                database.add(noisy(random, centre, 0.9f));
                names.add("c" + c + "_" + i);
                positives.add("c" + c + "_" + i);
            }
            queryVectors.put("q" + c, noisy(random, centre, 0.9f));
            queries.add(new OxfordQuery("q" + c, "c" + c + "_0", 0, 0, 1, 1, positives, Set.of()));
        }
    }

    private static float[] gaussian(Random random, float sigma) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian() * sigma;
        }
        return v;
    }

    private static float[] noisy(Random random, float[] centre, float sigma) {
        float[] v = gaussian(random, sigma);
        for (int d = 0; d < DIM; d++) {
            v[d] += centre[d];
        }
        return Vectors.l2normalize(v);
    }

    @Test
    void aShortlistCoveringTheDatabaseIsOfflineDba() {
        EvalReport offline = VectorEvaluation.evaluate(names, DBA.augment(database), queryVectors, queries, QE);
        for (int shortlist : new int[] {database.size(), database.size() + 7}) {
            EvalReport live =
                    new ShortlistEvaluation(database, DBA, shortlist).evaluate(names, queryVectors, queries, QE);
            assertThat(live).isEqualTo(offline);
        }
        List<float[]> augmented = DBA.augment(database);
        ShortlistEvaluation whole = new ShortlistEvaluation(database, DBA, database.size());
        for (float[] q : queryVectors.values()) {
            assertThat(whole.rank(q).stream().map(ScoredVector::index).toList())
                    .isEqualTo(ExactSearch.topK(q, augmented, augmented.size(), -1).stream()
                            .map(ScoredVector::index)
                            .toList());
        }
    }

    @Test
    void dbaPaysOffOnClusteredData() {
        EvalReport plain = VectorEvaluation.evaluate(names, database, queryVectors, queries, QueryExpansion.none());
        EvalReport dba = new ShortlistEvaluation(database, DBA, database.size())
                .evaluate(names, queryVectors, queries, QueryExpansion.none());
        assertThat(dba.mAP()).isGreaterThan(plain.mAP());
    }

    @Test
    void onlyTheShortlistMovesTheRestKeepsItsRawOrder() {
        int shortlist = 10;
        ShortlistEvaluation eval = new ShortlistEvaluation(database, DBA, shortlist);
        for (float[] q : queryVectors.values()) {
            List<Integer> raw = ExactSearch.topK(q, database, database.size(), -1).stream()
                    .map(ScoredVector::index)
                    .toList();
            List<Integer> ranked =
                    eval.rank(q).stream().map(ScoredVector::index).toList();
            assertThat(ranked.subList(0, shortlist)).containsExactlyInAnyOrderElementsOf(raw.subList(0, shortlist));
            assertThat(ranked.subList(shortlist, ranked.size())).isEqualTo(raw.subList(shortlist, raw.size()));
        }
    }

    @Test
    void aShortlistOfOneIsThePlainRanking() {
        EvalReport plain = VectorEvaluation.evaluate(names, database, queryVectors, queries, QueryExpansion.none());
        EvalReport one =
                new ShortlistEvaluation(database, DBA, 1).evaluate(names, queryVectors, queries, QueryExpansion.none());
        assertThat(one).isEqualTo(plain);
    }
}
