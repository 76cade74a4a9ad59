package io.sightline.index;

import io.sightline.pq.Kernels;
import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;

/**
 * The flat PQ mode: ADC over every live document's code, as Faiss's IndexPQ does. Each segment's codes are
 * scored in blocks ({@link Kernels#adcScanPositions}, several codes in flight) instead of through a Lucene scorer per
 * document, which would cost more than the table lookups themselves; a document is then rejected with one float
 * compare against the heap's worst score, and only candidates pay for the presence, live-docs and filter checks.
 * Ties rank the lower doc id first, as Lucene's collectors do.
 */
final class FlatPqScan {
    static final int BLOCK = 256;

    private FlatPqScan() {
    }

    interface CodeSource {
        CodeCache.Codes codes(LeafReaderContext leaf) throws IOException;
    }

    /** The best {@code k} docs, best first, with {@link Scores#toLucene} scores. */
    static ScoreDoc[] search(IndexSearcher searcher, CodeSource source, int m, float[] table, Query filter, int k)
            throws IOException {
        BoundedHeap heap = new BoundedHeap(k);
        LeafFilter filters = LeafFilter.of(searcher, filter);
        float[] block = new float[BLOCK];
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Bits accept = filters.accepted(leaf);
            if (accept == LeafFilter.NONE) {
                continue;
            }
            CodeCache.Codes codes = source.codes(leaf);
            Bits live = leaf.reader().getLiveDocs();
            int maxDoc = leaf.reader().maxDoc();
            float threshold = heap.threshold();
            for (int from = 0; from < maxDoc; from += BLOCK) {
                int count = Math.min(BLOCK, maxDoc - from);
                Kernels.adcScanPositions(codes.positions(), from, count, m, table, block);
                for (int i = 0; i < count; i++) {
                    if (block[i] >= threshold) {
                        int doc = from + i;
                        if (codes.present().get(doc) && (live == null || live.get(doc))
                                && (accept == null || accept.get(doc))) {
                            heap.offer(leaf.docBase + doc, block[i]);
                            threshold = heap.threshold();
                        }
                    }
                }
            }
        }
        return heap.sorted();
    }
}
