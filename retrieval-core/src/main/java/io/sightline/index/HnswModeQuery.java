package io.sightline.index;

import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;

/** {@link SearchMode#HNSW}: Lucene's kNN query over the shard's HNSW graph, pre-filtered when a filter is given. */
final class HnswModeQuery {
    private HnswModeQuery() {}

    static Query create(float[] query, int shortlist, Query filter) {
        return filter == null
                ? new KnnFloatVectorQuery(ShardSchema.VECTOR, query, shortlist)
                : new KnnFloatVectorQuery(ShardSchema.VECTOR, query, shortlist, filter);
    }
}
