package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.sightline.whitening.Whitening;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run killed after an epoch and started again ends with the weights of a run never stopped, on real
 * region vectors of six Paris photos. Invariants: {@link ResumableAdam} updates exactly as DJL's Adam (bit for
 * bit, step after step); the weights, Adam's moments and the loop's random generator, written to a file and read
 * back, are all a resumed run needs; and without the moments the resumed weights differ, so the comparison can fail.
 */
class ResumedTrainingTest {

    private static final List<String> NAMES = SixParisPhotos.NAMES;
    private static final List<String> LABELS = SixParisPhotos.LABELS;
    private static final int EPOCHS = 3;
    private static final int BATCH = 4;
    private static final long SEED = 7;
    private static final float LEARNING_RATE = 1e-3f;
    private static final float MARGIN = 0.5f;

    private static List<float[][]> regions;
    private static Whitening init;

    @BeforeAll
    static void extract() throws Exception {
        SixParisPhotos photos = SixParisPhotos.load();
        regions = photos.regions();
        init = photos.init();
    }

    @AfterAll
    static void done() {
        regions = null;
    }

    @Test
    void resumableAdamUpdatesExactlyAsDjlsAdam() {
        List<Triplet> triplets =
                List.of(new Triplet(0, 1, 3), new Triplet(1, 2, 4), new Triplet(3, 4, 0), new Triplet(5, 3, 2));
        int steps = 5;
        Whitening djl = trainDirectly(
                Optimizer.adam().optLearningRateTracker(schedule(steps)).build(), triplets, steps);
        Whitening ours = trainDirectly(new ResumableAdam(schedule(steps)), triplets, steps);
        assertThat(ours.projection()).isNotEqualTo(init.projection());
        assertThat(ours.projection()).containsExactly(djl.projection());
        assertThat(ours.mean()).containsExactly(djl.mean());
    }

    @Test
    void aRunKilledAfterAnEpochAndResumedEndsWithTheUninterruptedRunsWeights(@TempDir Path checkpoints) {
        Run uninterrupted;
        try (HeadNetwork net = network()) {
            List<EpochReport> reports = loop().run(net, LABELS, TrainingListener.silent(), (e, r, s) -> {});
            uninterrupted = new Run(net.whitening("t"), reports);
        }

        String run = TrainingState.runOf("six Paris photos, seed 7");
        try (HeadNetwork net = network()) {
            assertThatThrownBy(() -> loop().run(net, LABELS, TrainingListener.silent(), (epoch, report, state) -> {
                        new TrainingState(run, state, net.state()).write(checkpoints);
                        if (epoch == 1) {
                            throw new Killed();
                        }
                    }))
                    .isInstanceOf(Killed.class);
        }
        TrainingState saved = TrainingState.read(checkpoints, run).orElseThrow();
        assertThat(saved.loop().epochsDone()).isEqualTo(1);
        assertThat(saved.network().steps()).isEqualTo(2);
        assertThat(TrainingState.read(checkpoints, TrainingState.runOf("another run")))
                .isEmpty();

        Run resumed = resume(saved, saved.network());
        assertThat(resumed.whitening().projection())
                .isNotEqualTo(init.projection())
                .containsExactly(uninterrupted.whitening().projection());
        assertThat(resumed.whitening().mean())
                .containsExactly(uninterrupted.whitening().mean());
        assertThat(resumed.reports())
                .extracting(EpochReport::meanLoss)
                .containsExactlyElementsOf(uninterrupted.reports().stream()
                        .map(EpochReport::meanLoss)
                        .toList());

        // The control: the same weights without Adam's moments and step count continue differently.
        NetworkState weightsOnly = new NetworkState(0, saved.network().parameters(), Map.of(), Map.of());
        assertThat(resume(saved, weightsOnly).whitening().projection())
                .isNotEqualTo(uninterrupted.whitening().projection());
    }

    private record Run(Whitening whitening, List<EpochReport> reports) {}

    private static final class Killed extends RuntimeException {}

    private static Run resume(TrainingState saved, NetworkState network) {
        try (HeadNetwork net = network()) {
            net.restore(network);
            List<EpochReport> reports =
                    loop().run(net, LABELS, TrainingListener.silent(), (e, r, s) -> {}, Optional.of(saved.loop()));
            return new Run(net.whitening("t"), reports);
        }
    }

    private static TripletLoop loop() {
        return new TripletLoop(EPOCHS, BATCH, SEED);
    }

    private static HeadNetwork network() {
        return new HeadNetwork(regions, init, LEARNING_RATE, loop().totalSteps(NAMES.size()), MARGIN);
    }

    private static Tracker schedule(int steps) {
        return Tracker.cosine()
                .setBaseValue(LEARNING_RATE)
                .optFinalValue(LEARNING_RATE / 100)
                .setMaxUpdates(steps)
                .build();
    }

    /** The head trained with a given optimiser through DJL's own trainer, as {@link TripletOptimiser} does. */
    private static Whitening trainDirectly(Optimizer optimizer, List<Triplet> batch, int steps) {
        try (Model model = Model.newInstance(
                "adam-check", Engine.getEngine(TripletOptimiser.ENGINE).defaultDevice(), TripletOptimiser.ENGINE)) {
            RMacHeadBlock block = new RMacHeadBlock(init);
            model.setBlock(block);
            try (ai.djl.training.Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
                trainer.initialize(new Shape(1, 1, init.inputDimension()), new Shape(1, 1));
                List<float[][]> streams = new ArrayList<>();
                batch.forEach(t -> streams.add(regions.get(t.anchor())));
                batch.forEach(t -> streams.add(regions.get(t.positive())));
                batch.forEach(t -> streams.add(regions.get(t.negative())));
                int b = batch.size();
                for (int s = 0; s < steps; s++) {
                    try (NDManager manager = trainer.getManager().newSubManager()) {
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray d = trainer.forward(HeadNetwork.pack(manager, streams))
                                    .singletonOrThrow();
                            gc.backward(TripletLoss.of(
                                    d.get(new NDIndex("0:{}", b)),
                                    d.get(new NDIndex("{}:{}", b, 2 * b)),
                                    d.get(new NDIndex("{}:", 2 * b)),
                                    MARGIN));
                        }
                        trainer.step();
                    }
                }
                return block.whitening("t");
            }
        }
    }
}
