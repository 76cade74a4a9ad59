package io.sightline.trainer.training;

import io.sightline.whitening.Whitening;
import java.util.List;

/**
 * A siamese network over a fixed list of training items: the three streams of a triplet run through the same
 * weights. Items are addressed by their index, as {@link Triplet}s do.
 */
public interface TripletNetwork extends AutoCloseable {

    /** Unit descriptors of every item under the current weights, in item order (for mining). */
    List<float[]> describeAll();

    /** The loss of these triplets under the current weights, without updating them. */
    float loss(List<Triplet> batch);

    /** One optimisation step on these triplets; returns their loss before the update. */
    float step(List<Triplet> batch);

    /** The weights and optimiser moments, for a checkpoint a killed run resumes from. */
    NetworkState state();

    /** Puts back a {@link #state} saved from a network built the same way. */
    void restore(NetworkState state);

    /** The head's current shift and projection, as the whitening the pipeline applies per region. */
    Whitening whitening(String name);

    @Override
    void close();
}
