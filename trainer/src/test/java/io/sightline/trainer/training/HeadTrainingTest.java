package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.bundle.BundleModel;
import io.sightline.bundle.ModelBundle;
import io.sightline.pooling.Vectors;
import io.sightline.testing.SharedData;
import io.sightline.whitening.Whitening;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The R-MAC head as a network, on real region vectors of the frozen ONNX backbone for six Paris photos. */
class HeadTrainingTest {

    private static final List<String> NAMES = SixParisPhotos.NAMES;
    private static final List<String> LABELS = SixParisPhotos.LABELS;

    private static List<float[][]> regions;
    private static Whitening init;
    private static TrainingImages images;
    private HeadNetwork network;

    @BeforeAll
    static void extract() throws Exception {
        SixParisPhotos photos = SixParisPhotos.load();
        images = photos.images();
        regions = photos.regions();
        init = photos.init();
    }

    @AfterAll
    static void done() {
        regions = null;
    }

    @Test
    void oneStepMovesTheLossOfItsBatchDown() {
        try (HeadNetwork net = new HeadNetwork(regions, init, 1e-3f, 1, 0.5f)) {
            List<Triplet> batch = new TripletMiner(new Random(3)).mine(net.describeAll(), LABELS);
            assertThat(batch).hasSize(NAMES.size());
            float before = net.loss(batch);
            assertThat(before).isPositive();
            float reported = net.step(batch);
            float after = net.loss(batch);
            assertThat(reported).isCloseTo(before, within(1e-5f));
            assertThat(after).isLessThan(before);
        }
    }

    @Test
    void theExportedBundleServesTheNetworksDescriptors(@TempDir Path dir) throws Exception {
        try (HeadNetwork net = new HeadNetwork(regions, init, 1e-3f, 1, 0.5f)) {
            net.step(new TripletMiner(new Random(3)).mine(net.describeAll(), LABELS));
            Whitening trained = net.whitening("triplet");
            assertThat(trained).isNotEqualTo(init);
            TrainedBundles.write(
                    dir,
                    "test-head",
                    SharedData.backboneOnnx().toAbsolutePath(),
                    BundleModel.ONNX_RUNTIME,
                    "features_17",
                    3,
                    512,
                    trained,
                    0.5,
                    Map.of(),
                    "test");
            List<float[]> expected = net.describeAll();
            try (BundleModel.Opened served =
                    BundleModel.open(ModelBundle.read(dir).verifyBackbone(), 1, Map.of())) {
                assertThat(served.extractor().dimension()).isEqualTo(64);
                float[] v = served.extractor().extract(images.load(NAMES.getFirst(), 1024));
                assertThat(v).hasSize(64);
                assertThat(Vectors.norm(v)).isCloseTo(1.0, within(1e-5));
                // The pipeline's R-MAC with the exported whitening computes what the network computed.
                assertThat(Vectors.dot(v, expected.getFirst())).isCloseTo(1.0, within(1e-4));
            }
        }
    }
}
