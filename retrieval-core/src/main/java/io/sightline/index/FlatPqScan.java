package io.sightline.index;

import io.sightline.pq.AdcKernels;
import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * The flat PQ mode: ADC over every live document's code, as Faiss's IndexPQ does. Each segment's codes are
 * scored in blocks ({@link AdcKernels#scanAbove}) instead of through a Lucene scorer per document, which would cost
 * more than the table lookups themselves; the kernel itself rejects a code with one float compare against the heap's
 * worst score at the start of the block, and only the candidates it returns pay for the presence, live-docs and
 * filter checks and the heap. A selective filter (under an eighth of a segment) is scored doc by doc.
 * Ties rank the lower doc id first, as Lucene's collectors do.
 */
final class FlatPqScan {
    static final int BLOCK = 256;
    /** A filter matching fewer than 1 / SPARSE of a segment's docs is scored doc by doc instead of scanned. */
    private static final int SPARSE = 8;

    private FlatPqScan() {}

    interface CodeSource {
        CodeCache.Codes codes(LeafReaderContext leaf) throws IOException;
    }

    /** The best {@code k} docs, best first, with {@link Scores#toLucene} scores. */
    static ScoreDoc[] search(IndexSearcher searcher, CodeSource source, int m, float[] table, Query filter, int k)
            throws IOException {
        BoundedHeap heap = new BoundedHeap(k);
        LeafFilter filters = LeafFilter.of(searcher, filter);
        int[] hits = new int[BLOCK];
        float[] sims = new float[BLOCK];
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FixedBitSet accept = filters.accepted(leaf);
            CodeCache.Codes codes = source.codes(leaf);
            Bits live = leaf.reader().getLiveDocs();
            int maxDoc = leaf.reader().maxDoc();
            if (accept != null && (long) accept.cardinality() * SPARSE < maxDoc) {
                // A selective filter: scoring only its docs beats scanning every code.
                for (int doc = accept.nextSetBit(0);
                        doc != DocIdSetIterator.NO_MORE_DOCS;
                        doc = doc + 1 < maxDoc ? accept.nextSetBit(doc + 1) : DocIdSetIterator.NO_MORE_DOCS) {
                    if (codes.present().get(doc) && (live == null || live.get(doc))) {
                        heap.offer(leaf.docBase + doc, AdcKernels.score(codes.bytes(), doc * m, m, table));
                    }
                }
                continue;
            }
            for (int from = 0; from < maxDoc; from += BLOCK) {
                int found = AdcKernels.scanAbove(
                        codes.bytes(), from, Math.min(BLOCK, maxDoc - from), m, table, heap.threshold(), hits, sims);
                for (int i = 0; i < found; i++) {
                    int doc = from + hits[i];
                    if (codes.present().get(doc)
                            && (live == null || live.get(doc))
                            && (accept == null || accept.get(doc))) {
                        heap.offer(leaf.docBase + doc, sims[i]);
                    }
                }
            }
        }
        return heap.sorted();
    }
}
