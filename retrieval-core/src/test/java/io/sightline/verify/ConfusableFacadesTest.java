package io.sightline.verify;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.descriptor.MultiScale;
import io.sightline.pooling.GlobalHead;
import io.sightline.pooling.RMac;
import io.sightline.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

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
        global = new DescriptorExtractor(backbone, GlobalHead.of("features_17", new RMac(3)), 512,
                MultiScale.single(), Optional.empty(), 1);
    }

    @AfterAll
    static void close() {
        global.close();
        backbone.close();
    }

    private static BufferedImage photo(String name) throws Exception {
        return ImageIO.read(SharedData.parisImage(name).toFile());
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @ParameterizedTest
    @CsvSource({
            "paris_louvre_000461, paris_invalides_000004, paris_louvre_000462",
            "paris_louvre_000096, paris_defense_000113, paris_louvre_000332"})
    void verificationTellsApartTwoBuildingsTheGlobalDescriptorScoresAlike(String query, String wrong, String right)
            throws Exception {
        BufferedImage q = photo(query);
        BufferedImage w = photo(wrong);
        BufferedImage r = photo(right);
        float[] gq = global.extract(q);
        double wrongScore = cosine(gq, global.extract(w));
        double rightScore = cosine(gq, global.extract(r));
        // The global descriptor ranks the wrong landmark first, by less than 0.02.
        assertThat(wrongScore).isGreaterThan(rightScore).isLessThan(rightScore + 0.02);

        SurfLocalFeatures surf = new SurfLocalFeatures(640, 1000);
        GeometricVerifier verifier = new GeometricVerifier(VerifierParams.surf());
        LocalFeatures fq = surf.extract(q);
        LocalFeatures fw = surf.extract(w);
        LocalFeatures fr = surf.extract(r);
        int wrongInliers = verifier.verify(fq, fw).inliers();
        int rightInliers = verifier.verify(fq, fr).inliers();
        assertThat(wrongInliers).isLessThan(8);
        assertThat(rightInliers).isGreaterThanOrEqualTo(20);

        List<Reranker.Ranked> ranked = new Reranker(verifier, new RerankParams(8, 30, 1.0)).rerank(fq, List.of(
                new Reranker.Candidate(wrong, wrongScore, fw), new Reranker.Candidate(right, rightScore, fr)));
        assertThat(ranked).extracting(Reranker.Ranked::id).containsExactly(right, wrong);
        assertThat(ranked.getFirst().inliers()).isEqualTo(rightInliers);
    }

    @ParameterizedTest
    @CsvSource({
            "paris_louvre_000340, paris_defense_000144, paris_louvre_000033",
            "paris_invalides_000086, paris_louvre_000117, paris_invalides_000234"})
    void backboneCellsTellApartTwoBuildingsTheGlobalDescriptorScoresAlike(String query, String wrong, String right)
            throws Exception {
        BufferedImage q = photo(query);
        BufferedImage w = photo(wrong);
        BufferedImage r = photo(right);
        float[] gq = global.extract(q);
        double wrongScore = cosine(gq, global.extract(w));
        double rightScore = cosine(gq, global.extract(r));
        assertThat(wrongScore).isGreaterThan(rightScore).isLessThan(rightScore + 0.02);

        BackboneLocalFeatures cells = new BackboneLocalFeatures(backbone, "features_13", 512, 300);
        GeometricVerifier verifier = new GeometricVerifier(VerifierParams.cells(16, 512));
        LocalFeatures fq = cells.extract(q);
        LocalFeatures fw = cells.extract(w);
        LocalFeatures fr = cells.extract(r);
        int wrongInliers = verifier.verify(fq, fw).inliers();
        int rightInliers = verifier.verify(fq, fr).inliers();
        assertThat(rightInliers).isGreaterThanOrEqualTo(40).isGreaterThan(2 * wrongInliers);

        List<Reranker.Ranked> ranked = new Reranker(verifier, new RerankParams(8, 100, 0.5)).rerank(fq, List.of(
                new Reranker.Candidate(wrong, wrongScore, fw), new Reranker.Candidate(right, rightScore, fr)));
        assertThat(ranked).extracting(Reranker.Ranked::id).containsExactly(right, wrong);
    }
}
