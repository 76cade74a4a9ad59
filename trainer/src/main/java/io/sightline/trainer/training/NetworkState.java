package io.sightline.trainer.training;

import java.util.Map;

/**
 * A triplet network's trainable numbers at the end of an epoch, by parameter name: the weights, Adam's first and
 * second moments, and how many updates were made. With the loop's {@link LoopState}, enough to continue the run as
 * if it had never stopped.
 *
 * @param steps      optimiser updates made so far (the learning-rate schedule and Adam's bias correction use it)
 * @param parameters every parameter's values, in the block's order
 * @param means      Adam's first moments, for parameters updated at least once
 * @param variances  Adam's second moments, for the same parameters
 */
public record NetworkState(
        int steps, Map<String, float[]> parameters, Map<String, float[]> means, Map<String, float[]> variances) {

    public NetworkState {
        parameters = Map.copyOf(parameters);
        means = Map.copyOf(means);
        variances = Map.copyOf(variances);
        if (!means.keySet().equals(variances.keySet())) {
            throw new IllegalArgumentException(
                    "Adam's moments name different parameters: " + means.keySet() + " vs " + variances.keySet());
        }
    }
}
