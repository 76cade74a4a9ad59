/**
 * Kafka Streams' own exception handlers wired to Sightline's dead-letter topic: records that cannot be read at a
 * source ({@link io.sightline.streams.errors.DeadLetterDeserializationHandler}) or written at a sink
 * ({@link io.sightline.streams.errors.DeadLetterProductionHandler}) become {@code DeadLetter}s with their raw
 * coordinates, while faults that are not the record's (registry or broker unreachable) fail the stream thread so
 * the record is retried rather than dropped (docs/decisions/011).
 */
package io.sightline.streams.errors;
