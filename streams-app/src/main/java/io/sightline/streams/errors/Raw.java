package io.sightline.streams.errors;

/**
 * A value deserialized at the source together with the bytes it came from, so that a later stage can still put
 * the original payload's head on a dead letter.
 */
public record Raw<T>(T value, byte[] bytes) {}
