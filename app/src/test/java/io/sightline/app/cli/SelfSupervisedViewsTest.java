package io.sightline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.eval.QueryView;
import io.sightline.testing.SharedData;
import io.sightline.trainer.mining.PseudoLandmarks;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --self-supervised --augment}'s training folder, on two real Paris photos: each photo is linked, each
 * of its degraded views is written beside it under the photo's pseudo-landmark, and writing it again gives the same
 * files (a run stays deterministic).
 */
class SelfSupervisedViewsTest {

    private static final String EIFFEL = "paris_eiffel_000005";
    private static final String LOUVRE = "paris_louvre_000004";

    @Test
    void everyTrainingPhotoGetsItsDegradedViewsUnderItsOwnLabel(@TempDir Path tmp) throws Exception {
        Path images = SharedData.parisImages();
        PseudoLandmarks train = new PseudoLandmarks(Map.of(EIFFEL, "pseudo-0000", LOUVRE, "pseudo-0001"));

        PseudoLandmarks withViews = SelfSupervisedRun.withViews(images, tmp.resolve("a"), train);

        int views = QueryView.degraded().size();
        assertThat(withViews.labels()).hasSize(2 * (1 + views));
        for (String photo : train.labels().keySet()) {
            String label = train.labels().get(photo);
            assertThat(Files.isSymbolicLink(tmp.resolve("a/" + photo + ".jpg"))).isTrue();
            assertThat(Files.readSymbolicLink(tmp.resolve("a/" + photo + ".jpg")))
                    .isEqualTo(images.resolve(photo + ".jpg").toAbsolutePath());
            for (QueryView view : QueryView.degraded()) {
                String name = photo + "~" + view.tag();
                assertThat(withViews.labels()).containsEntry(name, label);
                BufferedImage written =
                        ImageIO.read(tmp.resolve("a/" + name + ".jpg").toFile());
                assertThat(written).as(name).isNotNull();
            }
            BufferedImage small =
                    ImageIO.read(tmp.resolve("a/" + photo + "~down320.jpg").toFile());
            assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(320);
        }

        SelfSupervisedRun.withViews(images, tmp.resolve("b"), train);
        for (String name : withViews.labels().keySet()) {
            assertThat(Files.readAllBytes(tmp.resolve("b/" + name + ".jpg")))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a/" + name + ".jpg")));
        }
    }
}
