/**
 * Search across instances: each instance owns the index shards of some partitions; a {@link
 * io.sightline.search.cluster.ClusterSearchBackend} asks a {@link io.sightline.search.cluster.ShardMap} who owns which
 * partition, searches its own shards directly and the others' through the internal HTTP routes
 * ({@link io.sightline.search.cluster.InternalRoutes}) in parallel with a timeout, and merges their top-k. A shard
 * that cannot be asked makes the answer partial, never an error. Nothing here knows Kafka: the shard map comes from
 * the deployment (Kafka Streams' metadata in the app).
 */
package io.sightline.search.cluster;
