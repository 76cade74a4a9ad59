package io.sightline.index;

import io.sightline.pq.IvfPq;
import org.apache.lucene.search.Query;

/** {@link SearchMode#IVFPQ}: an ADC scan of the residual codes in the nprobe nearest cells, as a Lucene query. */
final class IvfPqModeQuery {
    private IvfPqModeQuery() {}

    static Query create(IvfPq ivf, CodeCache codeCache, SearchRequest request, int shortlist) {
        int m = ivf.residual().codeSize();
        int nlist = ivf.coarse().cells();
        IvfPq.QueryTables tables = ivf.queryTables(request.vector());
        int[] cells = ivf.probe(tables, request.nprobe());
        return new AdcScanQuery(
                searcher -> IvfPqScan.search(
                        searcher,
                        leaf -> codeCache.cellLists(
                                leaf.reader(), ShardSchema.IVF_CELL, ShardSchema.IVF_CODE, m, nlist),
                        m,
                        tables,
                        cells,
                        request.filter(),
                        shortlist),
                "ivfpq(m=" + m + ", nprobe=" + cells.length + ", k=" + shortlist + ")");
    }
}
