package io.sightline.trainer.training;

/** Progress of a training run, for a progress bar or a service's metrics. Callbacks come from the training thread. */
public interface TrainingListener {

    /** A named stage started, e.g. extracting region vectors or evaluating. */
    default void stage(String description) {}

    default void epochStarted(int epoch, int epochs, int steps) {}

    default void stepDone(int step, float loss) {}

    default void epochDone(EpochReport report) {}

    static TrainingListener silent() {
        return new TrainingListener() {};
    }
}
