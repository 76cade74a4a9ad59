package io.sightline.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.descriptor.Descriptor;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.search.SearchOutcome;
import io.sightline.search.SearchQuery;
import io.sightline.verify.PointMatch;
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

    private static PhotoShard photos;
    private static Descriptor query;

    @BeforeAll
    static void indexPhotos() throws Exception {
        photos = new PhotoShard(dir, List.of(WRONG, RIGHT));
        query = photos.describe(QUERY);
    }

    @AfterAll
    static void close() {
        if (photos != null) {
            photos.close();
        }
    }

    private static SearchOutcome search(int verify, boolean explain) {
        return photos.search(new SearchQuery(query.vector(), 2, 0, SearchMode.EXACT, false, Map.of(), -1f)
                .withVerification(verify, query.local(), explain));
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
        assertThat(photos.config.verification().k()).isPositive();
        List<SearchHit> hits = photos.hits(new SearchQuery(query.vector(), 2, 0, SearchMode.EXACT, false, Map.of(), -1f)
                .withVerification(-1, query.local(), false));
        assertThat(hits).extracting(SearchHit::imageId).containsExactly(RIGHT, WRONG);
    }

    @Test
    void aQueryWithoutLocalFeaturesIsNotVerified() {
        SearchQuery q = new SearchQuery(query.vector(), 2, 0, SearchMode.EXACT, false, Map.of(), -1f)
                .withVerification(2, Optional.empty(), true);
        SearchOutcome outcome = photos.search(q);
        assertThat(outcome.hits()).extracting(SearchHit::imageId).containsExactly(WRONG, RIGHT);
        assertThat(outcome.matches()).isEmpty();
    }

    private static Descriptor describeQuietly(String name) {
        try {
            return photos.describe(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
