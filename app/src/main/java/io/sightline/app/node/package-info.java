/**
 * Assembles Sightline's parts from configuration: the extraction stack (decoder, fetcher, backbone, head), the
 * Kafka Streams node that runs the topology and owns the index shards, the search endpoint, the publisher of
 * upload events and the dead-letter counter. The CLI commands only combine these.
 */
package io.sightline.app.node;
