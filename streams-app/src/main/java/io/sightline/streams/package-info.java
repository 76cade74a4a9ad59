/**
 * The Kafka Streams side of Sightline: the topology that joins the ingest and index sub-topologies
 * ({@link io.sightline.streams.SightlineTopology}), the topic names, the dead-letter records and the wire
 * encoding of descriptor vectors.
 */
package io.sightline.streams;
