package io.sightline.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeometricVerifierTest {

    private static OnnxBackbone backbone;
    private static BufferedImage photo;

    @BeforeAll
    static void load() throws Exception {
        backbone = new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_13"), 1);
        photo = ImageIO.read(SharedData.parisImage("paris_defense_000056").toFile());
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    /** Median distance between each inlier's view point mapped into the original and its matched original point. */
    private static double medianError(Verification v, DegradedCopy view) {
        double[] e = v.matches().stream()
                .mapToDouble(m -> Math.hypot(view.originalX(m.ax()) - m.bx(), view.originalY(m.ay()) - m.by()))
                .sorted()
                .toArray();
        return e[e.length / 2];
    }

    @Test
    void surfVerifiesAPhotoAgainstItsCroppedDownscaledGreyCopyAtTheRightPixels() throws Exception {
        DegradedCopy view = DegradedCopy.of(photo, 0.8, 320, true);
        SurfLocalFeatures surf = new SurfLocalFeatures(640, 1000);
        Verification v =
                new GeometricVerifier(VerifierParams.surf()).verify(surf.extract(view.image()), surf.extract(photo));

        assertThat(v.inliers()).isGreaterThanOrEqualTo(40);
        // The crop starts at 10% of each side (83, 102 in the 837 x 1024 original, less in the 800 px sample copy);
        // points come back in the photo's own pixels.
        int w = photo.getWidth();
        int h = photo.getHeight();
        assertThat(view.offsetX()).isCloseTo((int) Math.round(w * 0.1), org.assertj.core.data.Offset.offset(1));
        assertThat(view.offsetY()).isCloseTo((int) Math.round(h * 0.1), org.assertj.core.data.Offset.offset(1));
        int ox = view.offsetX();
        int oy = view.offsetY();
        assertThat(medianError(v, view)).isLessThan(4.0);
        assertThat(v.matches()).allSatisfy(m -> {
            assertThat(m.ax()).isBetween(-1f, (float) view.image().getWidth());
            assertThat(m.bx()).isBetween(ox - 4f, w - ox + 4f);
            assertThat(m.by()).isBetween(oy - 4f, h - oy + 4f);
        });
    }

    @Test
    void backboneCellsVerifyTheSameCopyWithinAboutACell() throws Exception {
        DegradedCopy view = DegradedCopy.of(photo, 0.8, 320, true);
        BackboneLocalFeatures cells = new BackboneLocalFeatures(backbone, "features_13", 512, 1000);
        Verification v = new GeometricVerifier(VerifierParams.cells(16, 512))
                .verify(cells.extract(view.image()), cells.extract(photo));

        assertThat(v.inliers()).isGreaterThanOrEqualTo(100);
        // One cell of the stride-16 map at 512 px is 32 px of this 1024 px photo.
        assertThat(medianError(v, view)).isLessThan(32.0);
    }

    @Test
    void verificationIsDeterministic() throws Exception {
        BufferedImage other =
                ImageIO.read(SharedData.parisImage("paris_defense_000050").toFile());
        SurfLocalFeatures surf = new SurfLocalFeatures(640, 1000);
        LocalFeatures a = surf.extract(photo);
        LocalFeatures b = surf.extract(other);
        assertThat(surf.extract(photo)).isEqualTo(a);

        Verification first = new GeometricVerifier(VerifierParams.surf()).verify(a, b);
        Verification second = new GeometricVerifier(VerifierParams.surf()).verify(a, b);
        assertThat(second).isEqualTo(first);
        assertThat(first.tentative()).isGreaterThanOrEqualTo(first.inliers());
    }
}
