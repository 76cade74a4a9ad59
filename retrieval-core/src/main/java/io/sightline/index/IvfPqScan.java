package io.sightline.index;

import io.sightline.pq.IvfPq;
import io.sightline.pq.Kernels;
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
 * (decision 018). Deletes, presence and filters are checked only for documents that beat the heap's worst score.
 */
final class IvfPqScan {
    private IvfPqScan() {
    }

    interface ListSource {
        CodeCache.CellLists lists(LeafReaderContext leaf) throws IOException;
    }

    /** The best {@code k} docs of the probed {@code cells}, best first, with {@link Scores#toLucene} scores. */
    static ScoreDoc[] search(IndexSearcher searcher, ListSource source, int m, IvfPq.QueryTables tables, int[] cells,
                             Query filter, int k) throws IOException {
        BoundedHeap heap = new BoundedHeap(k);
        LeafFilter filters = LeafFilter.of(searcher, filter);
        float[] block = new float[FlatPqScan.BLOCK];
        float[] adc = tables.adc();
        float[] cellDots = tables.cellDots();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FixedBitSet accept = filters.accepted(leaf);
            CodeCache.CellLists lists = source.lists(leaf);
            Bits live = leaf.reader().getLiveDocs();
            float threshold = heap.threshold();
            for (int cell : cells) {
                float base = cellDots[cell];
                int end = lists.offsets()[cell + 1];
                for (int from = lists.offsets()[cell]; from < end; from += FlatPqScan.BLOCK) {
                    int count = Math.min(FlatPqScan.BLOCK, end - from);
                    Kernels.adcScanPositions(lists.positions(), from, count, m, adc, block);
                    for (int i = 0; i < count; i++) {
                        float sim = base + block[i];
                        if (sim >= threshold) {
                            int doc = lists.docs()[from + i];
                            if ((live == null || live.get(doc)) && (accept == null || accept.get(doc))) {
                                heap.offer(leaf.docBase + doc, sim);
                                threshold = heap.threshold();
                            }
                        }
                    }
                }
            }
        }
        return heap.sorted();
    }
}
