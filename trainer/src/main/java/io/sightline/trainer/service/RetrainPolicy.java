package io.sightline.trainer.service;

import java.time.Duration;
import java.time.Instant;

/**
 * When a retraining run is due: once at least {@code minNewImages} curated images were added or changed since the
 * last run, or once {@code interval} has passed since it if anything changed at all (a deletion counts).
 */
public record RetrainPolicy(int minNewImages, Duration interval) {

    public RetrainPolicy {
        if (minNewImages < 1) {
            throw new IllegalArgumentException("minNewImages must be at least 1, got " + minNewImages);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }

    /**
     * @param changesSinceRun images added, changed or deleted since the last run
     * @param lastRun         when the last run happened (the service's start before the first)
     */
    public boolean due(int changesSinceRun, Instant lastRun, Instant now) {
        if (changesSinceRun <= 0) {
            return false;
        }
        return changesSinceRun >= minNewImages || !now.isBefore(lastRun.plus(interval));
    }
}
