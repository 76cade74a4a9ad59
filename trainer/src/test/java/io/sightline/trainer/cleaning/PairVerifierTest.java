package io.sightline.trainer.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.testing.SharedData;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Geometric verification on real Paris photos. */
class PairVerifierTest {
    private static final CleaningParams PARAMS = CleaningParams.defaults();
    private static final Map<String, LocalFeatures> FEATURES = new HashMap<>();

    @BeforeAll
    static void extract() throws Exception {
        ImageFolder folder = new ImageFolder(SharedData.parisImages(), new ImageDecoder(ImageLimits.defaults()));
        FeatureExtractor extractor = new FeatureExtractor(PARAMS);
        for (String id : new String[] {
            "paris_invalides_000072",
            "paris_invalides_000360",
            "paris_louvre_000050",
            "paris_eiffel_000266",
            "paris_louvre_000081"
        }) {
            FEATURES.put(id, extractor.extract(folder.load(id)));
        }
    }

    private static PairMatch verify(String a, String b) {
        return new PairVerifier(PARAMS).verify(FEATURES.get(a), FEATURES.get(b));
    }

    @Test
    void twoPhotosOfTheSameFacadeAreVerified() {
        PairMatch match = verify("paris_invalides_000072", "paris_invalides_000360");

        assertThat(match.inliers()).isGreaterThanOrEqualTo(PARAMS.minInliers());
        LocalFeatures a = FEATURES.get("paris_invalides_000072");
        for (int i = 0; i < match.inliersA().length; i += 2) {
            assertThat(match.inliersA()[i]).isBetween(0.0, (double) a.sourceWidth());
            assertThat(match.inliersA()[i + 1]).isBetween(0.0, (double) a.sourceHeight());
        }
    }

    @Test
    void photosOfDifferentLandmarksAreNot() {
        assertThat(verify("paris_invalides_000072", "paris_louvre_000050").inliers())
                .isLessThan(PARAMS.minInliers());
        assertThat(verify("paris_eiffel_000266", "paris_louvre_000081").inliers())
                .isLessThan(PARAMS.minInliers());
    }

    @Test
    void inliersAreReportedInSourcePixels() {
        LocalFeatures f = FEATURES.get("paris_invalides_000072");
        PairMatch self = new PairVerifier(PARAMS).verify(f, f);

        assertThat(self.inliers()).isEqualTo(f.size());
        assertThat(f.toSource()).isGreaterThan(1.0);
        double maxX = 0;
        for (int i = 0; i < self.inliersA().length; i += 2) {
            maxX = Math.max(maxX, self.inliersA()[i]);
        }
        assertThat(maxX).isGreaterThan(PARAMS.longestSide());
    }
}
