package io.sightline.streams.ingest;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How the ingest processor groups uploads into micro-batches: at most {@code size} images per backbone call,
 * flushed when full or when the oldest has waited {@code maxWait}; {@code loaders} fetch and decode the
 * buffered images in parallel while the stream thread goes on reading records. Size 1 means no batching: every
 * upload is processed inside its own {@code process} call, as before.
 */
public record Batching(int size, Duration maxWait, Executor loaders) {
    public Batching {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + size);
        }
        if (size > 1 && (maxWait.isNegative() || maxWait.isZero())) {
            throw new IllegalArgumentException("a batch needs a positive maximum wait: " + maxWait);
        }
    }

    public static Batching none() {
        return new Batching(1, Duration.ZERO, Runnable::run);
    }

    public boolean enabled() {
        return size > 1;
    }
}
