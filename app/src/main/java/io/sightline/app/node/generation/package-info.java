/**
 * Index generations: one per model version, each with its own extraction, descriptors topic, Kafka Streams
 * applications and shard directory. A {@code models.published} event starts a new generation next to the serving
 * one; search switches to it atomically once it has caught up, and the old one is removed after a grace period
 * (docs/decisions/013).
 */
package io.sightline.app.node.generation;
