/**
 * The index sub-topology: {@code images.descriptors} -> one Lucene shard per input partition, held as a Kafka
 * Streams state store ({@link io.sightline.streams.index.LuceneShardStore}) so that Kafka Streams owns its
 * directory, its lifecycle and the order of "commit the index, then commit the offsets". Searches reach all local
 * shards through Interactive Queries ({@link io.sightline.streams.index.ShardStoreType}).
 */
package io.sightline.streams.index;
