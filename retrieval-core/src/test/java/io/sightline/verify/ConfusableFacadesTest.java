package io.sightline.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.descriptor.MultiScale;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real cases found by {@link VerificationStudy}: a Louvre photo whose global neighbours include a photo of another
 * landmark scoring as high as (here: higher than) a photo of the right landmark. The default global descriptor cannot
 * tell them apart; verification can (SURF for the first cases, the recommended 300 backbone cells for the others),
 * and the re-ranker puts the right building first.
 */
class ConfusableFacadesTest {

    private static OnnxBackbone backbone;
    private static DescriptorExtractor global;

    @BeforeAll
    static void load() {
        backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_13", "features_17"), 1);
        global = new DescriptorExtractor(
                backbone, GlobalHead.of("features_17", new RMac(3)), 512, MultiScale.single(), Optional.empty(), 1);
    }

    @AfterAll
    static void close() {
        global.close();
        backbone.close();
    }

    private static BufferedImage photo(String name) throws Exception {
        return ImageIO.read(SharedData.parisImage(name).toFile());
    }

    /** Cosine of the two photos' default global descriptors (unit vectors). */
    private static double globalScore(BufferedImage a, BufferedImage b) throws Exception {
        float[] ga = global.extract(a);
        float[] gb = global.extract(b);
        double s = 0;
        for (int i = 0; i < ga.length; i++) {
            s += ga[i] * gb[i];
        }
        return s;
    }

    /** A query, a wrong-landmark and a right-landmark photo, with their global scores against the query. */
    private record Case(
            String wrong,
            String right,
            BufferedImage q,
            BufferedImage w,
            BufferedImage r,
            double wrongScore,
            double rightScore) {

        static Case of(String query, String wrong, String right) throws Exception {
            BufferedImage q = photo(query);
            BufferedImage w = photo(wrong);
            BufferedImage r = photo(right);
            Case c = new Case(wrong, right, q, w, r, globalScore(q, w), globalScore(q, r));
            // The global descriptor ranks the wrong landmark first, by less than 0.02.
            assertThat(c.wrongScore()).isGreaterThan(c.rightScore()).isLessThan(c.rightScore() + 0.02);
            return c;
        }

        /** Inliers of the wrong and the right photo against the query, and the re-ranked pair. */
        Outcome verify(LocalFeatureExtractor extractor, GeometricVerifier verifier, RerankParams params)
                throws Exception {
            LocalFeatures fq = extractor.extract(q);
            LocalFeatures fw = extractor.extract(w);
            LocalFeatures fr = extractor.extract(r);
            List<Reranker.Ranked> ranked = new Reranker(verifier, params)
                    .rerank(
                            fq,
                            List.of(
                                    new Reranker.Candidate(wrong, wrongScore, fw),
                                    new Reranker.Candidate(right, rightScore, fr)));
            return new Outcome(
                    verifier.verify(fq, fw).inliers(),
                    verifier.verify(fq, fr).inliers(),
                    ranked.stream().map(Reranker.Ranked::id).toList());
        }
    }

    private record Outcome(int wrongInliers, int rightInliers, List<String> order) {}

    @ParameterizedTest
    @CsvSource({
        "paris_louvre_000461, paris_invalides_000004, paris_louvre_000462",
        "paris_louvre_000096, paris_defense_000113, paris_louvre_000332"
    })
    void surfTellsApartTwoBuildingsTheGlobalDescriptorScoresAlike(String query, String wrong, String right)
            throws Exception {
        Outcome o = Case.of(query, wrong, right)
                .verify(
                        new SurfLocalFeatures(640, 1000),
                        new GeometricVerifier(VerifierParams.surf()),
                        new RerankParams(8, 30, 1.0));
        assertThat(o.wrongInliers()).isLessThan(8);
        assertThat(o.rightInliers()).isGreaterThanOrEqualTo(20);
        assertThat(o.order()).containsExactly(right, wrong);
    }

    @ParameterizedTest
    @CsvSource({
        "paris_louvre_000340, paris_defense_000144, paris_louvre_000033",
        "paris_invalides_000086, paris_louvre_000117, paris_invalides_000234"
    })
    void backboneCellsTellApartTwoBuildingsTheGlobalDescriptorScoresAlike(String query, String wrong, String right)
            throws Exception {
        Outcome o = Case.of(query, wrong, right)
                .verify(
                        new BackboneLocalFeatures(backbone, "features_13", 512, 300),
                        new GeometricVerifier(VerifierParams.cells(16, 512)),
                        new RerankParams(8, 100, 0.5));
        assertThat(o.rightInliers()).isGreaterThanOrEqualTo(40).isGreaterThan(2 * o.wrongInliers());
        assertThat(o.order()).containsExactly(right, wrong);
    }
}
