package io.sightline.verify;

/** One verified correspondence: a point of the first image and its match in the second, each in original pixels. */
public record PointMatch(float ax, float ay, float bx, float by) {}
