package io.sightline.index;

import io.sightline.pq.Kernels;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The flat PQ mode: ADC over every live document's code, as Faiss's IndexPQ does. Without a filter it scans each
 * segment's code array in blocks ({@link Kernels#adcScanPositions}, several codes in flight) instead of going through a
 * Lucene scorer per document, which would cost more than the 32 table lookups themselves; with a filter it
 * scores only the filter's documents. Ties rank the lower doc id first, as Lucene's collectors do.
 */
final class FlatPqScan {
    private static final int BLOCK = 256;

    private FlatPqScan() {
    }

    interface CodeSource {
        CodeCache.Codes codes(LeafReaderContext leaf) throws IOException;
    }

    /** The best {@code k} docs, best first, with {@link Scores#toLucene} scores. */
    static ScoreDoc[] search(IndexSearcher searcher, CodeSource source, int m, float[] table, Query filter, int k)
            throws IOException {
        TopHeap heap = new TopHeap(k);
        Weight filterWeight = filter == null ? null
                : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        float[] block = new float[BLOCK];
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            CodeCache.Codes codes = source.codes(leaf);
            Bits live = leaf.reader().getLiveDocs();
            int maxDoc = leaf.reader().maxDoc();
            if (filterWeight == null) {
                for (int from = 0; from < maxDoc; from += BLOCK) {
                    int count = Math.min(BLOCK, maxDoc - from);
                    Kernels.adcScanPositions(codes.positions(), from, count, m, table, block);
                    for (int i = 0; i < count; i++) {
                        int doc = from + i;
                        float score = Scores.toLucene(block[i]);
                        if (score >= heap.threshold() && codes.present().get(doc) && (live == null || live.get(doc))) {
                            heap.offer(leaf.docBase + doc, score);
                        }
                    }
                }
            } else {
                Scorer scorer = filterWeight.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                DocIdSetIterator it = scorer.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (codes.present().get(doc) && (live == null || live.get(doc))) {
                        heap.offer(leaf.docBase + doc, Scores.toLucene(Kernels.adcScorePositions(codes.positions(), doc * m, m, table)));
                    }
                }
            }
        }
        return heap.sorted();
    }

    /** Bounded min-heap of (doc, Lucene score), so ties break exactly as in Lucene; the root is the worst kept hit. */
    private static final class TopHeap {
        private final int k;
        private final int[] docs;
        private final float[] sims;
        private int size;

        TopHeap(int k) {
            this.k = k;
            this.docs = new int[k];
            this.sims = new float[k];
        }

        /** Scores below this cannot enter (equal ones can still lose the tie on doc id). */
        float threshold() {
            return size < k ? Float.NEGATIVE_INFINITY : sims[0];
        }

        private boolean worse(int a, int b) {
            return sims[a] < sims[b] || (sims[a] == sims[b] && docs[a] > docs[b]);
        }

        void offer(int doc, float sim) {
            if (size < k) {
                docs[size] = doc;
                sims[size] = sim;
                int i = size++;
                while (i > 0) {
                    int p = (i - 1) >>> 1;
                    if (!worse(i, p)) {
                        break;
                    }
                    swap(i, p);
                    i = p;
                }
                return;
            }
            if (sim < sims[0] || (sim == sims[0] && doc > docs[0])) {
                return;
            }
            docs[0] = doc;
            sims[0] = sim;
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    return;
                }
                int r = l + 1;
                int c = r < size && worse(r, l) ? r : l;
                if (!worse(c, i)) {
                    return;
                }
                swap(c, i);
                i = c;
            }
        }

        private void swap(int a, int b) {
            int d = docs[a];
            docs[a] = docs[b];
            docs[b] = d;
            float s = sims[a];
            sims[a] = sims[b];
            sims[b] = s;
        }

        ScoreDoc[] sorted() {
            ScoreDoc[] out = new ScoreDoc[size];
            for (int i = 0; i < size; i++) {
                out[i] = new ScoreDoc(docs[i], sims[i]);
            }
            Arrays.sort(out, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
            return out;
        }
    }
}
