package io.sightline.index;

import java.util.Arrays;
import org.apache.lucene.search.ScoreDoc;

/**
 * The best {@code k} (doc, similarity) pairs seen, as a bounded min-heap whose root is the worst kept hit; ties
 * keep the lower doc id, as Lucene's collectors do. Ranks by the raw similarity (the ADC estimate), not by the
 * Lucene score, so a scan rejects a document with one float compare and converts only the kept hits.
 */
final class BoundedHeap {
    private final int k;
    private final int[] docs;
    private final float[] sims;
    private int size;

    BoundedHeap(int k) {
        this.k = k;
        this.docs = new int[k];
        this.sims = new float[k];
    }

    /** Similarities below this cannot enter (equal ones can still lose the tie on doc id). */
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

    /** The kept hits best first, with {@link Scores#toLucene} scores. */
    ScoreDoc[] sorted() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> sims[a] != sims[b] ? Float.compare(sims[b], sims[a]) : Integer.compare(docs[a], docs[b]));
        ScoreDoc[] out = new ScoreDoc[size];
        for (int i = 0; i < size; i++) {
            out[i] = new ScoreDoc(docs[order[i]], Scores.toLucene(sims[order[i]]));
        }
        return out;
    }
}
