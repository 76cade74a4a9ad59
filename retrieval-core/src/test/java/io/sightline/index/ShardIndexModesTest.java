package io.sightline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sightline.pq.IvfPq;
import io.sightline.pq.IvfQuantizer;
import io.sightline.pq.KMeansParams;
import io.sightline.pq.ProductQuantizer;
import io.sightline.testing.SyntheticVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShardIndexModesTest {
    private static final int DIM = 32;
    private static final int N = 1200;
    private static final int M = 8;
    private static final int NLIST = 8;
    private static final SyntheticVectors GEN = new SyntheticVectors(DIM, 12, 0.7f, 5);
    private static final float[] DATA = GEN.generate(N, 0);
    private static final float[] QUERIES = GEN.generate(5, 1);
    private static Quantizers quantizers;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        KMeansParams params = new KMeansParams(8, 1, 3, 1, 256);
        quantizers = new Quantizers(
                ProductQuantizer.train(DATA, N, DIM, M, params), IvfPq.train(DATA, N, DIM, NLIST, M, params));
    }

    private static float[] vector(int i) {
        float[] v = new float[DIM];
        System.arraycopy(DATA, i * DIM, v, 0, DIM);
        return v;
    }

    private static float[] query(int q) {
        float[] v = new float[DIM];
        System.arraycopy(QUERIES, q * DIM, v, 0, DIM);
        return v;
    }

    private static String color(int i) {
        return i % 3 == 0 ? "red" : "blue";
    }

    private ShardIndex build(Quantizers qs, VectorFormat format) {
        ShardIndex index = ShardIndex.open(dir, DIM, format, qs);
        long seq = 0;
        for (int i = 0; i < N; i++) {
            seq = index.upsert("img-" + i, vector(i), Map.of("color", color(i)));
        }
        assertThat(index.awaitSearchable(seq, 10_000)).isTrue();
        return index;
    }

    private static List<String> exactTop(
            float[] q, int k, java.util.function.IntPredicate keep, Map<Integer, float[]> overrides) {
        return IntStream.range(0, N)
                .filter(keep)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -dot(overrides.getOrDefault(i, vector(i)), q)))
                .limit(k)
                .map(i -> "img-" + i)
                .toList();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static SearchRequest request(SearchMode mode, float[] q, int k) {
        return SearchRequest.of(q, k, mode).withNprobe(NLIST);
    }

    /** With a single all-zero cell the residual is the vector, so IVF-PQ over all cells must equal the flat scan. */
    @Test
    void ivfPqWithAllCellsEqualsFlatPq() {
        ProductQuantizer pq = quantizers.pq();
        IvfPq trivial = new IvfPq(new IvfQuantizer(1, DIM, new float[DIM]), pq);
        try (ShardIndex index = build(new Quantizers(pq, trivial), VectorFormat.HNSW_FLOAT)) {
            for (int q = 0; q < 5; q++) {
                List<SearchHit> flat = index.search(SearchRequest.of(query(q), 20, SearchMode.PQ));
                List<SearchHit> ivf = index.search(
                        SearchRequest.of(query(q), 20, SearchMode.IVFPQ).withNprobe(1));
                // Same documents in the same order; scores agree up to float summation order.
                assertThat(ivf)
                        .extracting(SearchHit::imageId)
                        .containsExactlyElementsOf(
                                flat.stream().map(SearchHit::imageId).toList());
                for (int i = 0; i < flat.size(); i++) {
                    assertThat(ivf.get(i).score()).isCloseTo(flat.get(i).score(), within(1e-5f));
                }
            }
        }
    }

    /** IVF-PQ with nprobe = nlist scores every document: the same top-k as brute-force ADC over the IVF codes. */
    @Test
    void ivfPqWithNprobeNlistEqualsBruteForceAdc() {
        try (ShardIndex index = build(quantizers, VectorFormat.HNSW_FLOAT)) {
            IvfPq ivf = quantizers.ivfPq();
            for (int q = 0; q < 5; q++) {
                IvfPq.QueryTables tables = ivf.queryTables(query(q));
                float[] adc = new float[N];
                for (int i = 0; i < N; i++) {
                    IvfPq.Code c = ivf.encode(vector(i));
                    adc[i] = tables.score(c.cell(), c.code(), 0, M);
                }
                List<String> expected = IntStream.range(0, N)
                        .boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -adc[i]))
                        .limit(10)
                        .map(i -> "img-" + i)
                        .toList();
                List<SearchHit> hits = index.search(request(SearchMode.IVFPQ, query(q), 10));
                assertThat(hits).extracting(SearchHit::imageId).containsExactlyElementsOf(expected);
                assertThat(hits.get(0).score())
                        .isCloseTo(adc[Integer.parseInt(expected.get(0).substring(4))], within(1e-4f));
                // Fewer cells visit fewer documents: results are a subset-quality approximation, never more hits.
                assertThat(index.search(request(SearchMode.IVFPQ, query(q), 10).withNprobe(1)))
                        .hasSizeLessThanOrEqualTo(10);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void deletesAndUpdatesAreVisibleAfterRefresh(SearchMode mode) {
        try (ShardIndex index = build(quantizers, VectorFormat.HNSW_INT8)) {
            float[] q = vector(7);
            assertThat(index.search(request(mode, q, 1).withRerank(50)).get(0).imageId())
                    .isEqualTo("img-7");
            long seq = index.delete("img-7");
            index.awaitSearchable(seq, 5_000);
            assertThat(index.search(request(mode, q, 10)))
                    .extracting(SearchHit::imageId)
                    .doesNotContain("img-7");

            // img-8 now holds the vector of img-7; its old vector is gone.
            seq = index.upsert("img-8", q, Map.of("color", "green"));
            index.awaitSearchable(seq, 5_000);
            assertThat(index.count()).isEqualTo(N - 1);
            assertThat(index.search(request(mode, q, 1).withRerank(50)).get(0).imageId())
                    .isEqualTo("img-8");
            List<SearchHit> green =
                    index.search(request(mode, q, 5).withFilter(ShardIndex.attribute("color", "green")));
            assertThat(green).extracting(SearchHit::imageId).containsExactly("img-8");
        }
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void filtersRestrictEveryMode(SearchMode mode) {
        try (ShardIndex index = build(quantizers, VectorFormat.HNSW_FLOAT)) {
            for (int q = 0; q < 3; q++) {
                List<SearchHit> hits =
                        index.search(request(mode, query(q), 10).withFilter(ShardIndex.attribute("color", "red")));
                assertThat(hits).hasSize(10);
                assertThat(hits)
                        .extracting(h -> color(Integer.parseInt(h.imageId().substring(4))))
                        .containsOnly("red");
                if (mode == SearchMode.EXACT) {
                    assertThat(hits)
                            .extracting(SearchHit::imageId)
                            .containsExactlyElementsOf(exactTop(query(q), 10, i -> i % 3 == 0, Map.of()));
                }
            }
        }
    }

    /**
     * A filtered flat-PQ search ranks the filter's docs exactly as brute-force ADC over them, both for a dense filter
     * (a third of the docs: the block scan) and a sparse one (under an eighth: scored doc by doc).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 97})
    void filteredPqEqualsBruteForceAdcOverTheFilter(int every) {
        ProductQuantizer pq = quantizers.pq();
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_FLOAT, quantizers)) {
            long seq = 0;
            for (int i = 0; i < N; i++) {
                seq = index.upsert("img-" + i, vector(i), Map.of("tag", i % every == 0 ? "in" : "out"));
            }
            index.awaitSearchable(seq, 10_000);
            for (int q = 0; q < 3; q++) {
                float[] table = pq.adcTable(query(q));
                List<String> expected = IntStream.range(0, N)
                        .filter(i -> i % every == 0)
                        .boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -pq.adcScore(pq.encode(vector(i)), table)))
                        .limit(10)
                        .map(i -> "img-" + i)
                        .toList();
                List<SearchHit> hits = index.search(
                        SearchRequest.of(query(q), 10, SearchMode.PQ).withFilter(ShardIndex.attribute("tag", "in")));
                assertThat(hits).extracting(SearchHit::imageId).containsExactlyElementsOf(expected);
            }
        }
    }

    /** Re-ranking returns the shortlist's best k by exact dot product, in exact order, with exact scores. */
    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void rerankingRestoresExactOrderOnTheShortlist(SearchMode mode) {
        try (ShardIndex index = build(quantizers, VectorFormat.HNSW_FLOAT)) {
            for (int q = 0; q < 5; q++) {
                float[] query = query(q);
                List<SearchHit> shortlist = index.search(request(mode, query, 40));
                List<SearchHit> reranked = index.search(request(mode, query, 10).withRerank(40));
                List<String> expected = shortlist.stream()
                        .map(SearchHit::imageId)
                        .sorted(Comparator.comparingDouble(
                                (String id) -> -dot(vector(Integer.parseInt(id.substring(4))), query)))
                        .limit(10)
                        .toList();
                assertThat(reranked).extracting(SearchHit::imageId).containsExactlyElementsOf(expected);
                for (SearchHit h : reranked) {
                    assertThat((double) h.score())
                            .isCloseTo(dot(vector(Integer.parseInt(h.imageId().substring(4))), query), within(1e-5));
                }
            }
        }
    }

    /** Low-bit HNSW formats rescore with the float vectors: exact scores, near-exact ranking on a small index. */
    @ParameterizedTest
    @EnumSource(
            value = VectorFormat.class,
            names = {"HNSW_INT4", "HNSW_BIT"})
    void lowBitFormatsOversampleAndRescore(VectorFormat format) {
        try (ShardIndex index = build(Quantizers.none(), format)) {
            int found = 0;
            for (int q = 0; q < 5; q++) {
                List<SearchHit> hits = index.search(query(q), 10);
                List<String> exact = exactTop(query(q), 10, i -> true, new HashMap<>());
                found += (int) hits.stream()
                        .map(SearchHit::imageId)
                        .filter(exact::contains)
                        .count();
                for (SearchHit h : hits) {
                    assertThat((double) h.score())
                            .isCloseTo(dot(vector(Integer.parseInt(h.imageId().substring(4))), query(q)), within(1e-5));
                }
                assertThat(hits)
                        .isSortedAccordingTo(
                                Comparator.comparing(SearchHit::score).reversed());
            }
            assertThat(found).isGreaterThanOrEqualTo(40); // recall@10 >= 0.8
            assertThatThrownBy(() -> index.search(SearchRequest.of(query(0), 5, SearchMode.PQ)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void codesFromElsewhereAreUsedAsGiven() {
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_FLOAT, quantizers)) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                seqs.add(index.upsert("img-" + i, vector(i), Map.of(), quantizers.encode(vector(i))));
            }
            index.awaitSearchable(seqs.get(seqs.size() - 1), 5_000);
            assertThat(index.search(SearchRequest.of(vector(3), 1, SearchMode.PQ)
                                    .withRerank(10))
                            .get(0)
                            .imageId())
                    .isEqualTo("img-3");
        }
    }

    /**
     * Invariant: a bulk-loaded shard (large buffer, no periodic refresh) holds and ranks exactly what a streaming
     * shard holds once merged, in every mode.
     */
    @Test
    void bulkLoadedShardAnswersAsTheStreamingOne() {
        try (ShardIndex streaming =
                        ShardIndex.open(dir.resolve("streaming"), DIM, VectorFormat.HNSW_FLOAT, quantizers);
                ShardIndex bulk =
                        ShardIndex.openForBulkLoad(dir.resolve("bulk"), DIM, VectorFormat.HNSW_FLOAT, quantizers)) {
            for (int i = 0; i < N; i++) {
                streaming.upsert("img-" + i, vector(i), Map.of("color", color(i)));
                bulk.upsert("img-" + i, vector(i), Map.of("color", color(i)));
            }
            streaming.forceMerge(1);
            bulk.forceMerge(1);
            assertThat(bulk.count()).isEqualTo(N);
            for (SearchMode mode : new SearchMode[] {SearchMode.EXACT, SearchMode.PQ, SearchMode.IVFPQ}) {
                for (int q = 0; q < 5; q++) {
                    SearchRequest request = SearchRequest.of(query(q), 10, mode);
                    assertThat(bulk.search(request)).as("%s query %d", mode, q).isEqualTo(streaming.search(request));
                }
            }
        }
    }
}
