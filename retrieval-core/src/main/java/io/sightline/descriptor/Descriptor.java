package io.sightline.descriptor;

/**
 * A unit-length global descriptor and the size of the decoded image it came from (before resizing).
 */
public record Descriptor(float[] vector, int width, int height) {}
