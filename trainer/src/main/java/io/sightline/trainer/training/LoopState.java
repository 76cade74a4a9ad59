package io.sightline.trainer.training;

import java.util.List;

/**
 * Where the epoch loop stands after an epoch: how many epochs are done, their reports, and its random generator's
 * state (serialised {@link java.util.Random}), which decides every later epoch's positives and shuffle.
 */
public record LoopState(int epochsDone, List<EpochReport> reports, byte[] random) {

    public LoopState {
        reports = List.copyOf(reports);
        random = random.clone();
        if (reports.size() != epochsDone) {
            throw new IllegalArgumentException(reports.size() + " epoch reports for " + epochsDone + " epochs");
        }
    }

    @Override
    public byte[] random() {
        return random.clone();
    }
}
