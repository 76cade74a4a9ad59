/**
 * The vector index: one Lucene index per input partition ({@link io.sightline.index.ShardIndex}) with upsert and
 * delete by image id and near-real-time k-nearest-neighbour search, and the merge of per-shard results.
 *
 * <p>{@link io.sightline.index.ShardIndex#search(io.sightline.index.SearchRequest)} offers four
 * {@link io.sightline.index.SearchMode}s over the same documents: {@code EXACT} (brute force over the float
 * vectors Lucene keeps for every format), {@code HNSW} (Lucene's graph in the shard's
 * {@link io.sightline.index.VectorFormat}; 4-bit and 1-bit formats oversample and rescore exactly), {@code PQ}
 * (flat ADC scan of product-quantization codes kept in binary doc values) and {@code IVFPQ} (a Lucene query over
 * the documents of the nprobe nearest IVF cells, scored with ADC tables). Each takes an attribute filter and an
 * optional exact re-ranking of a top-R shortlist.
 */
package io.sightline.index;
