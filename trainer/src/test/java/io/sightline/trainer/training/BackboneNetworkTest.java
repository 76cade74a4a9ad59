package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.FeatureMap;
import io.sightline.backbone.ImageNetNormalizer;
import io.sightline.backbone.TorchScriptBackbone;
import io.sightline.testing.SharedData;
import io.sightline.whitening.Whitening;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Level (b) on four small photos (longest side 192, to keep it fast): gradients of the triplet loss reach the
 * TorchScript backbone through the R-MAC pooling, and the fine-tuned module is saved as TorchScript that the
 * serving {@link TorchScriptBackbone} loads, with changed weights.
 */
class BackboneNetworkTest {

    private static final List<String> NAMES =
            List.of("paris_defense_000056", "paris_defense_000254", "paris_eiffel_000266", "paris_eiffel_000110");
    private static final List<String> LABELS = List.of("defense", "defense", "eiffel", "eiffel");

    @Test
    void oneStepMovesTheLossDownAndTheSavedBackboneServesChangedFeatures(@TempDir Path dir) throws Exception {
        TrainingImages images = new TrainingImages(SharedData.parisImages());
        List<ImageTensor> tensors = images.tensors(NAMES, 192);
        Path saved = dir.resolve("backbone.pt");
        try (BackboneNetwork net = new BackboneNetwork(
                SharedData.backboneTorchScript(), tensors, 1, 2, Whitening.identity(320), 1e-4f, 1, 0.5f)) {
            List<Triplet> batch = new TripletMiner(new java.util.Random(5)).mine(net.describeAll(), LABELS);
            float before = net.loss(batch);
            net.step(batch);
            assertThat(net.loss(batch)).isLessThan(before);
            // A last, partial batch of one triplet must still reach the weights.
            net.step(batch.subList(0, 1));
            net.writeTorchScript(saved);
        }
        BufferedImage photo = images.load(NAMES.getFirst(), 192);
        try (TorchScriptBackbone original = backbone(SharedData.backboneTorchScript());
                TorchScriptBackbone tuned = backbone(saved)) {
            FeatureMap a = original.extract(photo).get("features_17");
            FeatureMap b = tuned.extract(photo).get("features_17");
            assertThat(b)
                    .extracting(FeatureMap::channels, FeatureMap::height, FeatureMap::width)
                    .containsExactly(a.channels(), a.height(), a.width());
            assertThat(b.data()).isNotEqualTo(a.data());
        }
    }

    @Test
    void aRestoredStateContinuesAsTheNetworkItWasSavedFrom() throws Exception {
        List<ImageTensor> tensors = new TrainingImages(SharedData.parisImages()).tensors(NAMES, 192);
        List<Triplet> batch;
        NetworkState state;
        List<float[]> saved;
        List<float[]> next;
        try (BackboneNetwork trained = network(tensors)) {
            batch = new TripletMiner(new java.util.Random(5)).mine(trained.describeAll(), LABELS);
            trained.step(batch);
            // Still above zero, so the next step has gradients to follow (the wide margin sees to it).
            assertThat(trained.loss(batch)).isPositive();
            state = trained.state();
            saved = trained.describeAll();
            trained.step(batch);
            next = trained.describeAll();
        }
        assertThat(state.steps()).isEqualTo(1);
        // Every backbone weight and the head's two, with Adam's moments for each.
        assertThat(state.parameters()).hasSizeGreaterThan(100);
        assertThat(state.means().keySet()).isEqualTo(state.parameters().keySet());
        try (BackboneNetwork restored = network(tensors)) {
            restored.restore(state);
            assertThat(restored.describeAll()).containsExactlyElementsOf(saved);
            restored.step(batch);
            assertThat(restored.describeAll()).containsExactlyElementsOf(next);
        }
    }

    private static BackboneNetwork network(List<ImageTensor> tensors) {
        return new BackboneNetwork(
                SharedData.backboneTorchScript(), tensors, 1, 2, Whitening.identity(320), 1e-4f, 4, 2.0f);
    }

    private static TorchScriptBackbone backbone(Path file) {
        return new TorchScriptBackbone(
                file,
                TorchScriptBackbone.MOBILENETV2_OUTPUTS,
                List.of("features_17"),
                1,
                ImageNetNormalizer.imagenet());
    }
}
