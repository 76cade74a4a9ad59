package io.sightline.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/** Re-ranking of a shortlist by exact dot product with the stored float vectors. */
final class ExactRerank {
    /** The shortlist best first, with the exact similarity of each. */
    record Reranked(List<ScoreDoc> docs, float[] sims) {}

    private ExactRerank() {}

    /** Re-scores the shortlist by exact dot product with the stored float vectors, best first. */
    static Reranked rerank(IndexSearcher searcher, ScoreDoc[] shortlist, float[] query) throws IOException {
        ScoreDoc[] byDoc = shortlist.clone();
        Arrays.sort(byDoc, (a, b) -> Integer.compare(a.doc, b.doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        float[] exact = new float[byDoc.length];
        ExactScorer scorer = null;
        int leafIndex = -1;
        for (int i = 0; i < byDoc.length; i++) {
            int li = ReaderUtil.subIndex(byDoc[i].doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                scorer = new ExactScorer(leaves.get(li).reader().getFloatVectorValues(ShardSchema.VECTOR), query);
            }
            exact[i] = scorer.similarity(byDoc[i].doc - leaves.get(li).docBase);
        }
        Integer[] order = new Integer[byDoc.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> exact[a] != exact[b]
                        ? Float.compare(exact[b], exact[a])
                        : Integer.compare(byDoc[a].doc, byDoc[b].doc));
        List<ScoreDoc> docs = new ArrayList<>(order.length);
        float[] sims = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            docs.add(byDoc[order[i]]);
            sims[i] = exact[order[i]];
        }
        return new Reranked(docs, sims);
    }
}
