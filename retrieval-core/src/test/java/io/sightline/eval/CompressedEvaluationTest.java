package io.sightline.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.pooling.Vectors;
import io.sightline.pq.KMeansParams;
import io.sightline.testing.RandomVectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Invariants of ranking over PQ codes: re-ranking the whole database restores the uncompressed ranking exactly
 * (with or without query expansion), and one byte per dimension is nearly lossless.
 */
class CompressedEvaluationTest {
    private static final int DIM = 48;
    private static final int CLUSTERS = 20;
    private static final int MEMBERS = 20;

    private final Random random = new Random(7);
    private final OxfordEvaluation.Descriptors descriptors = clusteredCollection();

    @Test
    void rerankingTheWholeDatabaseGivesTheUncompressedMap() {
        CompressedEvaluation pq = CompressedEvaluation.train(descriptors.database(), 8, KMeansParams.defaults(1));
        int all = descriptors.database().size();
        assertThat(pq.evaluate(descriptors, PostProcessing.none(), 0, descriptors.queries())
                        .results())
                .as("8-byte codes alone must lose something, or this test proves nothing")
                .isNotEqualTo(descriptors.evaluate(PostProcessing.none()).results());
        for (PostProcessing post : List.of(PostProcessing.none(), PostProcessing.best())) {
            EvalReport exact = descriptors.evaluate(post);
            assertThat(pq.evaluate(descriptors, post, all, descriptors.queries())
                            .results())
                    .as(post.name())
                    .isEqualTo(exact.results());
        }
    }

    @Test
    void oneBytePerDimensionIsNearlyLossless() {
        CompressedEvaluation pq = CompressedEvaluation.train(descriptors.database(), DIM, KMeansParams.defaults(1));
        double exact = descriptors.evaluate(PostProcessing.none()).mAP();
        assertThat(pq.evaluate(descriptors, PostProcessing.none(), 0, descriptors.queries())
                        .mAP())
                .isCloseTo(exact, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void codeSizesThatDoNotDivideTheDimensionArePadded() {
        CompressedEvaluation pq = CompressedEvaluation.train(descriptors.database(), 20, KMeansParams.defaults(1));
        assertThat(pq.bytes()).isEqualTo(20);
        assertThat(CompressedEvaluation.paddedDimension(DIM, 20)).isEqualTo(60);
        assertThat(pq.evaluate(descriptors, PostProcessing.none(), 0, descriptors.queries())
                        .mAP())
                .isBetween(0.0, 1.0);
    }

    @Test
    void refusesNegativeRerank() {
        CompressedEvaluation pq = CompressedEvaluation.train(descriptors.database(), 8, KMeansParams.defaults(1));
        assertThatThrownBy(() -> pq.evaluate(descriptors, PostProcessing.none(), -1, descriptors.queries()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rerank");
    }

    /** Clusters of noisy copies of a centre; each query is another noisy copy, its cluster the positives. */
    private OxfordEvaluation.Descriptors clusteredCollection() {
        List<String> names = new ArrayList<>();
        List<float[]> database = new ArrayList<>();
        Map<String, float[]> queryVectors = new LinkedHashMap<>();
        List<OxfordQuery> queries = new ArrayList<>();
        for (int c = 0; c < CLUSTERS; c++) {
            float[] centre = RandomVectors.unit(random, DIM);
            Set<String> members = new HashSet<>();
            for (int i = 0; i < MEMBERS; i++) {
                names.add("c" + c + "_" + i);
                members.add("c" + c + "_" + i);
                database.add(noisy(centre, 0.8f));
            }
            String query = "q" + c;
            queryVectors.put(query, noisy(centre, 0.8f));
            queries.add(new OxfordQuery(query, "c" + c + "_0", 0, 0, 1, 1, members, Set.of()));
        }
        return new OxfordEvaluation.Descriptors(names, database, queryVectors, queries);
    }

    private float[] noisy(float[] centre, float noise) {
        float[] n = RandomVectors.unit(random, DIM);
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = centre[i] + noise * n[i];
        }
        return Vectors.l2normalize(v);
    }
}
