package io.sightline.trainer.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop shared by both levels: describe every item with the current weights, mine the hardest negatives,
 * shuffle, step through batches, checkpoint. Everything random comes from one seeded {@link Random}, whose state
 * each checkpoint receives, so a run resumed from a {@link LoopState} (with the network's weights and optimiser put
 * back) mines, shuffles and steps exactly as the uninterrupted run would have.
 */
public final class TripletLoop {

    private static final Logger log = LoggerFactory.getLogger(TripletLoop.class);

    /** Called after each epoch, e.g. to write the epoch's bundle and the run's state as a checkpoint. */
    @FunctionalInterface
    public interface Checkpoint {
        void save(int epoch, EpochReport report, LoopState state);
    }

    private final int epochs;
    private final int batchTriplets;
    private final long seed;

    public TripletLoop(int epochs, int batchTriplets, long seed) {
        if (epochs <= 0 || batchTriplets <= 0) {
            throw new IllegalArgumentException(
                    "epochs and batch size must be positive: " + epochs + ", " + batchTriplets);
        }
        this.epochs = epochs;
        this.batchTriplets = batchTriplets;
        this.seed = seed;
    }

    /** Optimisation steps of a run over {@code items} items (one triplet per anchor at most). */
    public int totalSteps(int items) {
        return epochs * Math.ceilDiv(items, batchTriplets);
    }

    /** Runs every epoch from the first. */
    public List<EpochReport> run(
            TripletNetwork network, List<String> labels, TrainingListener listener, Checkpoint checkpoint) {
        return run(network, labels, listener, checkpoint, Optional.empty());
    }

    /**
     * Runs the epochs after {@code resume}'s, or every epoch when it is empty; returns the reports of all epochs,
     * those done before the resume included. The network must already hold the weights saved with {@code resume}.
     */
    public List<EpochReport> run(
            TripletNetwork network,
            List<String> labels,
            TrainingListener listener,
            Checkpoint checkpoint,
            Optional<LoopState> resume) {
        Random random = resume.map(s -> TrainingState.random(s.random())).orElseGet(() -> new Random(seed));
        TripletMiner miner = new TripletMiner(random);
        List<EpochReport> reports =
                new ArrayList<>(resume.map(LoopState::reports).orElse(List.of()));
        for (int epoch = reports.size() + 1; epoch <= epochs; epoch++) {
            long started = System.nanoTime();
            List<Triplet> triplets = new ArrayList<>(miner.mine(network.describeAll(), labels));
            if (triplets.isEmpty()) {
                throw new IllegalStateException(
                        "no triplet can be formed: need two images of a label and another label, got " + labels.size()
                                + " images of " + labels.stream().distinct().count() + " labels");
            }
            double mineSeconds = (System.nanoTime() - started) / 1e9;
            Collections.shuffle(triplets, random);
            int steps = Math.ceilDiv(triplets.size(), batchTriplets);
            listener.epochStarted(epoch, epochs, steps);
            double lossSum = 0;
            for (int s = 0; s < steps; s++) {
                float loss = network.step(
                        triplets.subList(s * batchTriplets, Math.min(triplets.size(), (s + 1) * batchTriplets)));
                lossSum += loss;
                listener.stepDone(s + 1, loss);
            }
            EpochReport report = new EpochReport(
                    epoch, triplets.size(), lossSum / steps, mineSeconds, (System.nanoTime() - started) / 1e9);
            log.info(
                    "epoch done epoch={} triplets={} meanLoss={} mineSeconds={} seconds={}",
                    epoch,
                    report.triplets(),
                    String.format("%.4f", report.meanLoss()),
                    String.format("%.1f", mineSeconds),
                    String.format("%.1f", report.seconds()));
            reports.add(report);
            checkpoint.save(epoch, report, new LoopState(epoch, reports, TrainingState.bytes(random)));
            listener.epochDone(report);
        }
        return reports;
    }
}
