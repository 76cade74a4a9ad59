package io.sightline.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.descriptor.Descriptor;
import io.sightline.index.ImageMeta;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import io.sightline.search.IndexSearchBackend;
import io.sightline.search.SearchOutcome;
import io.sightline.search.SearchQuery;
import io.sightline.testing.SharedData;
import io.sightline.verify.PointMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verified search end to end below HTTP: the default extraction stack describes real photos (global descriptor and
 * backbone cells from one pass), a real Lucene shard stores both, and the search the API serves
 * ({@link SearchEndpoint#expandedSearch}, default keys) re-ranks its shortlist by verification. The photos are a case
 * found on the Paris subset: a Louvre query whose default global descriptor scores a photo of Les Invalides (0.320)
 * a hair above another Louvre photo (0.315); the cells' inliers (16 vs 28) tell them apart.
 */
class VerifiedSearchTest {

    private static final String QUERY = "paris_louvre_000117";
    private static final String WRONG = "paris_invalides_000004";
    private static final String RIGHT = "paris_louvre_000099";

    @TempDir
    static Path dir;

    private static SightlineConfig config;
    private static ExtractionStack stack;
    private static ShardIndex shard;
    private static Descriptor query;

    @BeforeAll
    static void indexPhotos() throws Exception {
        SharedData.paris(); // the full subset (skips on a bare clone)
        config = SightlineConfig.load(
                Map.of(), Map.of(), Map.of(), SharedData.locations().root());
        stack = ExtractionStack.fromConfig(config);
        query = describe(QUERY);
        shard = ShardIndex.open(dir.resolve("shard"), stack.extractor().dimension(), VectorFormat.HNSW_FLOAT);
        long last = 0;
        for (String name : List.of(WRONG, RIGHT)) {
            Descriptor d = describe(name);
            last = shard.upsert(
                    name,
                    d.vector(),
                    Map.of(),
                    new ImageMeta(
                            "m",
                            d.width(),
                            d.height(),
                            0,
                            null,
                            d.local().orElseThrow().toBytes()));
        }
        assertThat(shard.awaitSearchable(last, 10_000)).isTrue();
    }

    @AfterAll
    static void close() {
        if (shard != null) {
            shard.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static Descriptor describe(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(SharedData.parisImage(name));
        return stack.extractor()
                .describe(stack.decoder()
                        .decode(bytes, stack.extractor().largestInputSide())
                        .image());
    }

    private static SearchOutcome search(int verify, boolean explain) {
        IndexSearchBackend backend = new IndexSearchBackend(
                shard,
                SearchEndpoint.expandedSearch(config, stack.matching(config).thresholds()));
        SearchQuery q = new SearchQuery(query.vector(), 2, 0, SearchMode.EXACT, false, Map.of(), -1f)
                .withVerification(verify, query.local(), explain);
        return backend.search(q);
    }

    @Test
    void theGlobalDescriptorAloneRanksTheOtherBuildingFirst() {
        List<SearchHit> hits = search(0, false).hits();

        assertThat(hits).extracting(SearchHit::imageId).containsExactly(WRONG, RIGHT);
        assertThat(hits.get(0).similarity() - hits.get(1).similarity()).isBetween(0f, 0.02f);
        assertThat(hits).allMatch(h -> !h.verified());
    }

    @Test
    void verificationPutsTheSameBuildingFirstAndExplainsIt() {
        SearchOutcome outcome = search(2, true);
        List<SearchHit> hits = outcome.hits();

        assertThat(hits).extracting(SearchHit::imageId).containsExactly(RIGHT, WRONG);
        assertThat(hits.get(0).inliers()).isGreaterThan(hits.get(1).inliers() + 5);
        // Scores stay ordered: a verified hit's score is its combined score.
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        // The matches are the inliers, in both photos' original pixels.
        List<PointMatch> matches = outcome.matches().get(RIGHT);
        assertThat(matches).hasSize(hits.get(0).inliers());
        Descriptor right = describeQuietly(RIGHT);
        assertThat(matches).allSatisfy(m -> {
            assertThat(m.ax()).isBetween(-1f, (float) query.width());
            assertThat(m.ay()).isBetween(-1f, (float) query.height());
            assertThat(m.bx()).isBetween(-1f, (float) right.width());
            assertThat(m.by()).isBetween(-1f, (float) right.height());
        });
    }

    @Test
    void theServedDefaultVerifies() {
        assertThat(config.verification().k()).isPositive();
        SearchQuery q = new SearchQuery(query.vector(), 2, 0, SearchMode.EXACT, false, Map.of(), -1f)
                .withVerification(-1, query.local(), false);
        List<SearchHit> hits = new IndexSearchBackend(
                        shard,
                        SearchEndpoint.expandedSearch(
                                config, stack.matching(config).thresholds()))
                .search(q)
                .hits();
        assertThat(hits).extracting(SearchHit::imageId).containsExactly(RIGHT, WRONG);
    }

    @Test
    void aQueryWithoutLocalFeaturesIsNotVerified() {
        SearchQuery q = new SearchQuery(query.vector(), 2, 0, SearchMode.EXACT, false, Map.of(), -1f)
                .withVerification(2, Optional.empty(), true);
        SearchOutcome outcome = new IndexSearchBackend(
                        shard,
                        SearchEndpoint.expandedSearch(
                                config, stack.matching(config).thresholds()))
                .search(q);
        assertThat(outcome.hits()).extracting(SearchHit::imageId).containsExactly(WRONG, RIGHT);
        assertThat(outcome.matches()).isEmpty();
    }

    private static Descriptor describeQuietly(String name) {
        try {
            return describe(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
