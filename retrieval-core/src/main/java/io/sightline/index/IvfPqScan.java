package io.sightline.index;

import io.sightline.pq.AdcKernels;
import io.sightline.pq.IvfPq;
import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * The IVF-PQ mode as Faiss's IndexIVFPQ runs it: for each probed cell, the ADC scan over that cell's contiguous
 * code list ({@link CodeCache.CellLists}, per segment) plus the cell's {@code q.c}. No Lucene query per cell: the
 * per-document iterator and scorer overhead of a {@code IntField} set query cost more than the 32 table lookups
 * (decision 018). Deletes, presence and filters are checked only for documents that beat the heap's worst score
 * (tested inside the ADC kernel, decision 022).
 */
final class IvfPqScan {
    private IvfPqScan() {}

    interface ListSource {
        CodeCache.CellLists lists(LeafReaderContext leaf) throws IOException;
    }

    /** The best {@code k} docs of the probed {@code cells}, best first, with {@link Scores#toLucene} scores. */
    static ScoreDoc[] search(
            IndexSearcher searcher,
            ListSource source,
            int m,
            IvfPq.QueryTables tables,
            int[] cells,
            Query filter,
            int k)
            throws IOException {
        BoundedHeap heap = new BoundedHeap(k);
        LeafFilter filters = LeafFilter.of(searcher, filter);
        int[] hits = new int[FlatPqScan.BLOCK];
        float[] sims = new float[FlatPqScan.BLOCK];
        float[] adc = tables.adc();
        float[] cellDots = tables.cellDots();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FixedBitSet accept = filters.accepted(leaf);
            CodeCache.CellLists lists = source.lists(leaf);
            Bits live = leaf.reader().getLiveDocs();
            for (int cell : cells) {
                float base = cellDots[cell];
                int end = lists.offsets()[cell + 1];
                for (int from = lists.offsets()[cell]; from < end; from += FlatPqScan.BLOCK) {
                    int found = AdcKernels.scanAbove(
                            lists.bytes(),
                            from,
                            Math.min(FlatPqScan.BLOCK, end - from),
                            m,
                            adc,
                            residualThreshold(heap.threshold(), base),
                            hits,
                            sims);
                    for (int i = 0; i < found; i++) {
                        int doc = lists.docs()[from + hits[i]];
                        if ((live == null || live.get(doc)) && (accept == null || accept.get(doc))) {
                            heap.offer(leaf.docBase + doc, base + sims[i]);
                        }
                    }
                }
            }
        }
        return heap.sorted();
    }

    /**
     * The residual similarity a code needs for {@code base + residual} to reach {@code threshold}, lowered by a few
     * ulps: {@code threshold - base} is rounded, and a code the rounding would reject at the boundary must still
     * reach the heap, which makes the exact decision on {@code base + residual}.
     */
    static float residualThreshold(float threshold, float base) {
        if (threshold == Float.NEGATIVE_INFINITY) {
            return threshold;
        }
        return threshold - base - 4 * Math.ulp(Math.abs(threshold) + Math.abs(base));
    }
}
