package io.sightline.trainer.training;

/**
 * What one epoch did.
 *
 * @param triplets   triplets mined (one per usable anchor)
 * @param meanLoss   mean batch loss before each update
 * @param mineSeconds time to describe every training item and mine
 * @param seconds    the whole epoch, mining included
 */
public record EpochReport(int epoch, int triplets, double meanLoss, double mineSeconds, double seconds) {}
