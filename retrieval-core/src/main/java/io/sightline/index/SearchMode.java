package io.sightline.index;

/** How a shard answers a query. */
public enum SearchMode {
    /** Brute force over the stored float vectors: exact, the reference the other modes are measured against. */
    EXACT,
    /** Lucene's HNSW graph in the shard's {@link VectorFormat}; low-bit formats oversample and rescore exactly. */
    HNSW,
    /** Flat scan of every product-quantization code with an ADC table (needs a {@link io.sightline.pq.ProductQuantizer}). */
    PQ,
    /** Scan of the codes in the {@code nprobe} IVF cells nearest the query (needs an {@link io.sightline.pq.IvfPq}). */
    IVFPQ
}
