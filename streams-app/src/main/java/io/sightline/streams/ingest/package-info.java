/**
 * The ingest sub-topology: {@code images.uploaded} -> validate -> load the bytes -> decode -> backbone and
 * pooling head -> {@code images.descriptors}. Every failure becomes a dead letter with its stage; a tombstone is
 * passed on so the image is deleted downstream.
 */
package io.sightline.streams.ingest;
