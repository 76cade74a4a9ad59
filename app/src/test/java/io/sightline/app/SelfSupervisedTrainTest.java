package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.bundle.ModelBundle;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --self-supervised} end to end through the CLI on the in-repository sample (40 real photos, no labels
 * read for training): it mines pseudo-landmarks, trains on some, scores each epoch on the others without labels,
 * and writes a bundle; with the sample's ground truth it reports the mined pairs' purity. Run again, it reads back
 * the descriptions and the training state the first run left and continues after its last epoch, so it ends with
 * the same checks (a run killed mid-training resumes the same way: {@code ResumedTrainingTest}).
 */
class SelfSupervisedTrainTest {

    @Test
    void minesTrainsChecksAndWritesABundle(@TempDir Path dir) throws Exception {
        Path images = SharedData.sample().images();
        Path out = dir.resolve("bundle");
        String[] args = {
            "train",
            "--self-supervised",
            "--images",
            images.toString(),
            "--gt",
            SharedData.sample().groundTruth().toString(),
            "--out",
            out.toString(),
            "--epochs",
            "2",
            "-D",
            "model.path=" + SharedData.backboneOnnx()
        };
        String printed = CliRun.of(args).succeeded();
        assertThat(printed)
                .containsPattern("mined \\d+ verified neighbour pairs: \\d+ positives")
                .containsPattern(
                        "purity against the ground truth .*: \\d+ positive pairs with known landmarks: precision")
                .containsPattern("label-free checks: \\d+ held-out photos of \\d+ trained pseudo-landmarks")
                .containsPattern("unadapted: held-out photos [01]\\.\\d{4}, held-out places [01]\\.\\d{4},"
                        + " verified neighbours [01]\\.\\d{4}")
                .containsPattern("epoch 2: held-out photos [01]\\.\\d{4}, held-out places [01]\\.\\d{4}")
                .containsPattern("held-out photos: unadapted [01]\\.\\d{4}, best epoch [12] [01]\\.\\d{4}");
        // The bundle is either an epoch that gained on the held-out photos without losing held-out places, served at
        // the unadapted model's scales, or the
        // unadapted model itself: never an epoch the checks rate no better than the start.
        ModelBundle bundle = ModelBundle.read(out);
        assertThat(bundle.manifest().scales()).containsExactly(512, 362, 256);
        if (printed.contains("the bundle is the UNADAPTED model")) {
            assertThat(bundle.manifest().learnedFrom()).contains("unadapted model");
            assertThat(bundle.manifest().whitening().level()).isEqualTo("global");
        } else {
            assertThat(printed).containsPattern("the bundle is epoch [12], which gains on it");
            assertThat(bundle.manifest().whitening().level()).isEqualTo("region");
        }
        Path labels = out.resolveSibling("bundle.mining").resolve("labels.tsv");
        List<String> lines = Files.readAllLines(labels);
        assertThat(lines).anyMatch(l -> l.matches("paris_\\w+\\tpseudo-\\d{4}"));
        assertThat(String.join("\n", lines)).doesNotContain("defense\t", "eiffel\t", "louvre\t");

        String again = CliRun.of(args).succeeded();
        assertThat(again)
                .containsPattern("resumed: (\\d+) of \\1 images' descriptions")
                .contains("resuming after epoch 2 of 2")
                .contains(line(printed, "epoch 1: "), line(printed, "epoch 2: "), line(printed, "held-out photos: "));
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.strip().startsWith(start)).findFirst().orElseThrow();
    }
}
