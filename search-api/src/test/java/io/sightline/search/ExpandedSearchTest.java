package io.sightline.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.eval.PostProcessing;
import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.ExactSearch;
import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import io.sightline.expansion.SuperGlobalRerank;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.match.MatchThresholds;
import io.sightline.pooling.Vectors;
import io.sightline.verify.ShortlistVerification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Shortlist DBA at query time against the offline reference (DBA over the whole database, then QE over it), and
 * SuperGlobal re-ranking against the evaluation's PostProcessing.
 */
class ExpandedSearchTest {
    private static final int DIM = 16;
    private static final QueryExpansion QE = new AlphaQueryExpansion(5, 3);
    private static final DatabaseAugmentation DBA = new DatabaseAugmentation(5, 3);

    /** Six clusters of ten noisy unit vectors around random centres. */
    private static List<float[]> clustered(long seed) {
        Random random = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            float[] centre = gaussian(random, 1);
            for (int i = 0; i < 10; i++) {
                float[] v = gaussian(random, 0.6f);
                for (int d = 0; d < DIM; d++) {
                    v[d] += centre[d];
                }
                out.add(Vectors.l2normalize(v));
            }
        }
        return out;
    }

    private static float[] gaussian(Random random, float sigma) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian() * sigma;
        }
        return v;
    }

    /**
     * Tight clusters of ten (noise 0.3) plus, per cluster, five outliers (noise 1.2): an outlier's neighbourhood is
     * its cluster, so expansion from an outlier ranks the cluster above the outlier itself.
     */
    private static List<float[]> withOutliers(long seed) {
        Random random = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            float[] centre = gaussian(random, 1);
            for (int i = 0; i < 15; i++) {
                float[] v = gaussian(random, i < 10 ? 0.3f : 1.2f);
                for (int d = 0; d < DIM; d++) {
                    v[d] += centre[d];
                }
                out.add(Vectors.l2normalize(v));
            }
        }
        return out;
    }

    /** A whole in-memory index; {@code neighbours} counts the neighbour searches DBA makes. */
    private static final class MemoryRounds implements ExpandedSearch.Rounds {
        private final List<float[]> raw;
        int neighbourSearches;

        MemoryRounds(List<float[]> raw) {
            this.raw = raw;
        }

        @Override
        public List<SearchHit> search(float[] vector, int k, int withVectors) {
            return hits(ExactSearch.topK(vector, raw, k, -1));
        }

        @Override
        public List<SearchHit> neighbours(float[] vector, int k) {
            neighbourSearches++;
            return hits(ExactSearch.topK(vector, raw, k, -1));
        }

        @Override
        public Optional<float[]> vector(String imageId) {
            return Optional.of(raw.get(Integer.parseInt(imageId)));
        }

        private static List<SearchHit> hits(List<ScoredVector> found) {
            List<SearchHit> out = new ArrayList<>();
            for (ScoredVector s : found) {
                out.add(new SearchHit(String.valueOf(s.index()), (float) s.score(), out.size() + 1));
            }
            return out;
        }
    }

    /** The offline ranking: augment every vector, rank, expand from the augmented top hits, rank again. */
    private static List<String> offline(List<float[]> raw, float[] query, int k) {
        List<float[]> augmented = DBA.augment(raw);
        List<ScoredVector> first = ExactSearch.topK(query, augmented, augmented.size(), -1);
        List<ScoredVector> second = ExactSearch.topK(QE.expand(query, first), augmented, k, -1);
        return second.stream().map(s -> String.valueOf(s.index())).toList();
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::imageId).toList();
    }

    private static SearchQuery query(float[] vector, int k) {
        return new SearchQuery(vector, k, 0, SearchMode.EXACT, true, Map.of(), -1f);
    }

    @Test
    void shortlistCoveringTheIndexRanksAsOfflineDbaThenQe() {
        List<float[]> raw = clustered(7);
        ExpandedSearch search = new ExpandedSearch(QE, 5, Optional.of(DBA), raw.size());
        Random random = new Random(11);
        for (int q = 0; q < 10; q++) {
            float[] query = Vectors.l2normalize(gaussian(random, 1));
            assertEquals(
                    offline(raw, query, 20), ids(search.run(query(query, 20), new MemoryRounds(raw))), "query " + q);
        }
    }

    @Test
    void scoresAreTheQueryAgainstAugmentedVectors() {
        List<float[]> raw = clustered(3);
        float[] query = raw.get(12).clone();
        List<SearchHit> hits = new ExpandedSearch(QueryExpansion.none(), 0, Optional.of(DBA), raw.size())
                .run(query(query, 5), new MemoryRounds(raw));
        List<float[]> augmented = DBA.augment(raw);
        for (SearchHit hit : hits) {
            assertEquals(Vectors.dot(query, augmented.get(Integer.parseInt(hit.imageId()))), hit.score(), 1e-5);
        }
        assertEquals(List.of(1, 2, 3, 4, 5), hits.stream().map(SearchHit::rank).toList());
    }

    @Test
    void dbaChangesTheRankingAndAugmentsEachShortlistedImageOnce() {
        List<float[]> raw = clustered(5);
        float[] query = Vectors.l2normalize(gaussian(new Random(2), 1));
        MemoryRounds rounds = new MemoryRounds(raw);
        List<SearchHit> withDba = new ExpandedSearch(QE, 5, Optional.of(DBA), 20).run(query(query, 20), rounds);
        List<SearchHit> without = new ExpandedSearch(QE, 5).run(query(query, 20), new MemoryRounds(raw));
        assertNotEquals(ids(without), ids(withDba));
        // Two rounds of 20 shortlisted hits, the second sharing most of the first's: each augmented once.
        assertEquals(rounds.neighbourSearches, augmentedImages(raw, query));
    }

    /** Distinct images in the raw top 20 of the query and of its expansion, as the two rounds shortlist them. */
    private static int augmentedImages(List<float[]> raw, float[] query) {
        List<float[]> augmented = DBA.augment(raw);
        List<ScoredVector> firstRaw = ExactSearch.topK(query, raw, 20, -1);
        List<ScoredVector> first = new ArrayList<>();
        for (ScoredVector s : firstRaw) {
            first.add(new ScoredVector(
                    s.index(), augmented.get(s.index()), Vectors.dot(query, augmented.get(s.index()))));
        }
        first.sort((a, b) -> Double.compare(b.score(), a.score()));
        float[] expanded = QE.expand(query, first);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        firstRaw.forEach(s -> seen.add(s.index()));
        ExactSearch.topK(expanded, raw, 20, -1).forEach(s -> seen.add(s.index()));
        return seen.size();
    }

    @Test
    void withoutDbaNothingIsAugmented() {
        List<float[]> raw = clustered(9);
        MemoryRounds rounds = new MemoryRounds(raw);
        List<SearchHit> hits = new ExpandedSearch(QE, 5).run(query(raw.get(0), 10), rounds);
        assertEquals(0, rounds.neighbourSearches);
        assertEquals(10, hits.size());
    }

    /**
     * Copies first: the query is an exact copy of image 12, yet QE and DBA rank by what its neighbourhood shows.
     * Whatever they do, the copy comes first with its raw similarity 1, every hit carries the raw cosine of its own
     * stored vector, and minSimilarity drops hits by that raw cosine, not by the rank score.
     */
    @Test
    void copiesOfTheQueryComeFirstAndEveryHitCarriesItsRawSimilarity() {
        List<float[]> raw = withOutliers(5);
        MatchThresholds matching = new MatchThresholds(0.999, 0.99, 0.5);
        for (int copyOf = 0; copyOf < raw.size(); copyOf++) {
            float[] query = raw.get(copyOf).clone();
            List<SearchHit> hits = new ExpandedSearch(QE, 5, Optional.of(DBA), 20, matching)
                    .run(query(query, 10), new MemoryRounds(raw));
            assertEquals(String.valueOf(copyOf), hits.getFirst().imageId(), "copy of " + copyOf);
            for (SearchHit hit : hits) {
                assertEquals(Vectors.dot(query, raw.get(Integer.parseInt(hit.imageId()))), hit.similarity(), 1e-5);
            }
            for (int r = 0; r < hits.size(); r++) {
                assertEquals(r + 1, hits.get(r).rank());
            }
        }
        float[] query = raw.get(3).clone();
        SearchQuery strict = new SearchQuery(query, 10, 0, SearchMode.EXACT, true, Map.of(), -1f, 0, 1, 0.9f);
        List<SearchHit> kept =
                new ExpandedSearch(QE, 5, Optional.of(DBA), 20, matching).run(strict, new MemoryRounds(raw));
        assertFalse(kept.isEmpty());
        kept.forEach(hit -> assertTrue(hit.similarity() >= 0.9f, hit.toString()));
    }

    /** Without thresholds the ranking is the expanded one, as before: an exact copy may lose its first place. */
    @Test
    void withoutThresholdsNothingIsMoved() {
        List<float[]> raw = withOutliers(5);
        int moved = 0;
        for (int copyOf = 0; copyOf < raw.size(); copyOf++) {
            List<SearchHit> hits = new ExpandedSearch(QE, 5, Optional.of(DBA), 20)
                    .run(query(raw.get(copyOf).clone(), 10), new MemoryRounds(raw));
            moved += hits.getFirst().imageId().equals(String.valueOf(copyOf)) ? 0 : 1;
        }
        assertNotEquals(0, moved, "the fixture must contain copies that expansion pushes down");
    }

    /**
     * SuperGlobal re-ranking, served as the evaluation runs it: over the same vectors, ExpandedSearch (query
     * expansion, then the last round's first M re-ranked) returns PostProcessing's order, with M below the index size
     * so the hits after the first M keep the expanded round's order.
     */
    @Test
    void superGlobalRanksAsTheEvaluationDoes() {
        List<float[]> raw = clustered(13);
        QueryExpansion qe = PostProcessing.verifiedAverageExpansion().queryExpansion();
        SuperGlobalRerank sg = new SuperGlobalRerank(40, 9, 0.15);
        ExpandedSearch search = new ExpandedSearch(
                qe,
                qe.neighbours(),
                Optional.empty(),
                0,
                MatchThresholds.none(),
                ShortlistVerification.off(),
                Optional.of(sg));
        PostProcessing.Ranker offline = new PostProcessing(qe, Optional.empty())
                .withSuperGlobal(Optional.of(sg))
                .over(raw);
        PostProcessing.Ranker withoutSg = new PostProcessing(qe, Optional.empty()).over(raw);
        Random random = new Random(17);
        int changed = 0;
        for (int q = 0; q < 10; q++) {
            float[] query = Vectors.l2normalize(gaussian(random, 1));
            List<String> expected = java.util.Arrays.stream(offline.rank(query))
                    .limit(50)
                    .mapToObj(String::valueOf)
                    .toList();
            assertEquals(expected, ids(search.run(query(query, 50), new MemoryRounds(raw))), "query " + q);
            changed += java.util.Arrays.equals(offline.rank(query), withoutSg.rank(query)) ? 0 : 1;
        }
        assertNotEquals(0, changed, "re-ranking must change some query's order");
    }

    /** qe=false asks for the raw ranking: neither expansion nor re-ranking. */
    @Test
    void aQueryThatDoesNotExpandIsNotReranked() {
        List<float[]> raw = clustered(13);
        ExpandedSearch search = new ExpandedSearch(
                QueryExpansion.none(),
                0,
                Optional.empty(),
                0,
                MatchThresholds.none(),
                ShortlistVerification.off(),
                Optional.of(SuperGlobalRerank.paper()));
        float[] query = Vectors.l2normalize(gaussian(new Random(3), 1));
        SearchQuery plain = new SearchQuery(query, 20, 0, SearchMode.EXACT, false, Map.of(), -1f);
        assertEquals(
                ExactSearch.topK(query, raw, 20, -1).stream()
                        .map(s -> String.valueOf(s.index()))
                        .toList(),
                ids(search.run(plain, new MemoryRounds(raw))));
    }
}
