/**
 * The vector index: one Lucene index per input partition ({@link io.sightline.index.ShardIndex}) with upsert and
 * delete by image id and near-real-time k-nearest-neighbour search, and the merge of per-shard results.
 */
package io.sightline.index;
