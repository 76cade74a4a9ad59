package io.sightline.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.descriptor.Descriptor;
import io.sightline.eval.QueryView;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.match.MatchLevel;
import io.sightline.match.MatchThresholds;
import io.sightline.pooling.Vectors;
import io.sightline.search.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grayscale copy of an indexed photo ranks first through the search the API serves (default keys, real photos,
 * real Lucene shard), although its global descriptor has lost colour. Two cases the loo copy test missed before
 * copies were recognised and ordered by verified inliers: {@code invalides_000025}, whose gray copy is a little more
 * similar to another photo ({@code 000376}) than to itself, and {@code moulinrouge_000331}, whose gray copy is not a
 * copy by similarity at all. Invariants: the photo itself is first, its level at least near-duplicate, its inliers at
 * or above the served copy rule, and without verification the look-alike is first, so the test can fail.
 */
class GrayCopySearchTest {

    private static final String LOUVRE_COPY = "paris_invalides_000025";
    private static final String LOOKALIKE = "paris_invalides_000376";
    private static final String DIM_COPY = "paris_moulinrouge_000331";
    private static final String NEIGHBOUR = "paris_moulinrouge_000182";

    @TempDir
    static Path dir;

    private static PhotoShard photos;

    @BeforeAll
    static void indexPhotos() throws Exception {
        photos = new PhotoShard(dir, List.of(LOUVRE_COPY, LOOKALIKE, DIM_COPY, NEIGHBOUR));
    }

    @AfterAll
    static void close() {
        if (photos != null) {
            photos.close();
        }
    }

    private static List<SearchHit> search(Descriptor query, int verify) {
        return photos.hits(new SearchQuery(query.vector(), 4, 0, SearchMode.EXACT, false, Map.of(), -1f)
                .withVerification(verify, query.local(), false));
    }

    private static Descriptor grayCopyOf(String name) throws Exception {
        return photos.stack.extractor().describe(QueryView.GRAY.apply(photos.photo(name)));
    }

    @Test
    void aGrayCopyMoreSimilarToAnotherPhotoStillRanksFirst() throws Exception {
        Descriptor gray = grayCopyOf(LOUVRE_COPY);
        List<SearchHit> unverified = search(gray, 0);
        assertThat(unverified.getFirst().imageId())
                .as("by similarity alone the look-alike wins")
                .isEqualTo(LOOKALIKE);

        List<SearchHit> served = search(gray, -1);
        SearchHit first = served.getFirst();
        MatchThresholds thresholds = photos.served();
        assertThat(first.imageId()).isEqualTo(LOUVRE_COPY);
        assertThat(first.inliers()).isGreaterThanOrEqualTo(thresholds.copyInliers());
        assertThat(thresholds.level(first.similarity(), first.inliers()).compareTo(MatchLevel.NEAR_DUPLICATE))
                .isLessThanOrEqualTo(0);
    }

    @Test
    void aGrayCopyBelowTheSimilarityOfCopiesIsStillACopy() throws Exception {
        Descriptor gray = grayCopyOf(DIM_COPY);
        MatchThresholds thresholds = photos.served();
        float[] own = photos.shard.vector(DIM_COPY).orElseThrow();
        assertThat(thresholds.isCopy(Vectors.dot(gray.vector(), own)))
                .as("its similarity alone does not make it a copy")
                .isFalse();

        SearchHit first = search(gray, -1).getFirst();
        assertThat(first.imageId()).isEqualTo(DIM_COPY);
        assertThat(thresholds.level(first.similarity(), first.inliers())).isEqualTo(MatchLevel.NEAR_DUPLICATE);
    }
}
