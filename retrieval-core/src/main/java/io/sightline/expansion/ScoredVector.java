package io.sightline.expansion;

/** A retrieved unit vector with its similarity to the query (dot product) and its position in the collection. */
public record ScoredVector(int index, float[] vector, double score) {}
