/**
 * Search fan-out across instances on Kafka Streams: which instance owns which partition's index shard comes from the
 * index application's metadata ({@code application.server} of each member), this instance's shards from Interactive
 * Queries per partition; {@link io.sightline.app.node.cluster.ClusterSearch} wires them into search-api's
 * {@link io.sightline.search.cluster.ClusterSearchBackend} and internal routes.
 */
package io.sightline.app.node.cluster;
