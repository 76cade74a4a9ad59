package io.sightline.trainer.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cleaning a small noisy label with known answers: real photos of one landmark plus two of other landmarks. */
class DatasetCleanerTest {
    // Ground-truth positives of the invalides queries.
    private static final List<String> LANDMARK = List.of(
            "paris_invalides_000376",
            "paris_invalides_000106",
            "paris_invalides_000044",
            "paris_invalides_000198",
            "paris_invalides_000141",
            "paris_invalides_000457",
            "paris_invalides_000360");
    private static final List<String> UNRELATED = List.of("paris_eiffel_000266", "paris_moulinrouge_000004");
    private static final CleaningParams PARAMS = CleaningParams.defaults().withThreads(2);
    private static CleaningResult result;
    private static ImageFolder folder;

    @BeforeAll
    static void clean() {
        // Needs photos of the full subset: skipped (an assumption, here rather than in a static field) without it.
        folder = new ImageFolder(SharedData.parisImages(), new ImageDecoder(ImageLimits.defaults()));
        List<LabelledItem> items = new ArrayList<>();
        LANDMARK.forEach(id -> items.add(new LabelledItem(id, "invalides")));
        UNRELATED.forEach(id -> items.add(new LabelledItem(id, "invalides")));
        items.add(new LabelledItem("no_such_image", "invalides"));
        try (DatasetCleaner cleaner = new DatasetCleaner(PARAMS)) {
            result = cleaner.clean(items, folder);
        }
    }

    @Test
    void removesTheUnrelatedImagesAndKeepsMostOfTheLandmark() {
        List<String> kept = result.kept().stream().map(CuratedImage::imageId).toList();
        List<String> removed =
                result.removed().stream().map(RemovedImage::imageId).toList();

        assertThat(removed).containsAll(UNRELATED).contains("no_such_image");
        assertThat(kept).doesNotContainAnyElementsOf(UNRELATED);
        assertThat(kept).hasSizeGreaterThanOrEqualTo(LANDMARK.size() - 2);
        assertThat(result.removed())
                .filteredOn(r -> r.imageId().equals("no_such_image"))
                .extracting(RemovedImage::reason)
                .singleElement()
                .asString()
                .startsWith("unreadable: no image 'no_such_image'");
        LabelSummary summary = result.labels().getFirst();
        assertThat(summary.images()).isEqualTo(LANDMARK.size() + UNRELATED.size());
        assertThat(summary.pairs()).isEqualTo(summary.images() * (summary.images() - 1) / 2);
        assertThat(summary.kept()).isEqualTo(kept.size());
    }

    @Test
    void eachBoxLiesInsideItsImageAndCoversTheInliersOfItsVerifiedPairs() throws Exception {
        FeatureExtractor extractor = new FeatureExtractor(PARAMS);
        PairVerifier verifier = new PairVerifier(PARAMS);
        Map<String, CuratedImage> kept =
                result.kept().stream().collect(Collectors.toMap(CuratedImage::imageId, Function.identity()));
        Map<String, LocalFeatures> features = new java.util.HashMap<>();
        for (String id : kept.keySet()) {
            features.put(id, extractor.extract(folder.load(id)));
        }
        int checkedPairs = 0;
        // Pairs in the cleaner's order (items in input order, first against later): same matches, same inliers.
        List<String> keptInOrder = LANDMARK.stream().filter(kept::containsKey).toList();
        for (int a = 0; a < keptInOrder.size(); a++) {
            CuratedImage image = kept.get(keptInOrder.get(a));
            LocalFeatures f = features.get(image.imageId());
            Box box = image.box();
            assertThat(box.x1()).isGreaterThanOrEqualTo(0);
            assertThat(box.y1()).isGreaterThanOrEqualTo(0);
            assertThat(box.x2()).isLessThanOrEqualTo(f.sourceWidth());
            assertThat(box.y2()).isLessThanOrEqualTo(f.sourceHeight());
            assertThat(image.verifiedPartners()).isPositive();
            for (int b = a + 1; b < keptInOrder.size(); b++) {
                CuratedImage other = kept.get(keptInOrder.get(b));
                PairMatch match = verifier.verify(f, features.get(other.imageId()));
                if (match.inliers() < PARAMS.minInliers()) {
                    continue;
                }
                checkedPairs++;
                for (int i = 0; i < match.inliersA().length; i += 2) {
                    assertThat(box.contains(match.inliersA()[i], match.inliersA()[i + 1]))
                            .isTrue();
                    assertThat(other.box().contains(match.inliersB()[i], match.inliersB()[i + 1]))
                            .isTrue();
                }
            }
        }
        assertThat(checkedPairs).isPositive();
    }
}
