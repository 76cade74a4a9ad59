package io.sightline.trainer.training;

/** Indices of an anchor, a matching image and a non-matching image in a training set. */
public record Triplet(int anchor, int positive, int negative) {}
