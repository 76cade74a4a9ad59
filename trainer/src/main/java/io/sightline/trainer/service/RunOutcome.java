package io.sightline.trainer.service;

import io.sightline.schemas.ModelPublished;
import java.nio.file.Path;

/**
 * One retraining run and its decision.
 *
 * @param bundleDir where the published bundle lies, or null when the candidate was rejected (and deleted)
 * @param event     the event put on models.published, or null when rejected
 */
public record RunOutcome(
        String version,
        int trainingImages,
        HeldOutScore.Score candidate,
        HeldOutScore.Score baseline,
        String baselineSource,
        boolean published,
        Path bundleDir,
        ModelPublished event,
        double seconds) {

    /** The rule the decision follows: strictly better mAP than what is served. */
    public static boolean beats(HeldOutScore.Score candidate, HeldOutScore.Score baseline) {
        return candidate.mAP() > baseline.mAP();
    }
}
