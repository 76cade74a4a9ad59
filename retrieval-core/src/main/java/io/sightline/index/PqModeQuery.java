package io.sightline.index;

import io.sightline.pq.ProductQuantizer;
import org.apache.lucene.search.Query;

/** {@link SearchMode#PQ}: a flat ADC scan over every (filtered) PQ code, as a Lucene query (decision 024). */
final class PqModeQuery {
    private PqModeQuery() {}

    static Query create(ProductQuantizer pq, CodeCache codeCache, SearchRequest request, int shortlist) {
        int m = pq.codeSize();
        float[] table = pq.adcTable(request.vector());
        return new AdcScanQuery(
                searcher -> FlatPqScan.search(
                        searcher,
                        leaf -> codeCache.codes(leaf.reader(), ShardSchema.PQ_CODE, m),
                        m,
                        table,
                        request.filter(),
                        shortlist),
                "pq(m=" + m + ", k=" + shortlist + ")");
    }
}
