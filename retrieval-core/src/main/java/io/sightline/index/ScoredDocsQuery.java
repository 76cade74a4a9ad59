package io.sightline.index;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

/**
 * Matches a fixed set of (top-level) documents with fixed scores: what a scan computed in
 * {@link AdcScanQuery#rewrite}, as Lucene's kNN queries rewrite to their results. Valid only for the reader it was
 * computed on (doc ids are that reader's), which {@link #createWeight} checks.
 */
final class ScoredDocsQuery extends Query {
    private final int[] docs;
    private final float[] scores;
    private final Object readerId;
    private final String description;

    ScoredDocsQuery(ScoreDoc[] hits, Object readerId, String description) {
        ScoreDoc[] byDoc = hits.clone();
        Arrays.sort(byDoc, Comparator.comparingInt(h -> h.doc));
        this.docs = new int[byDoc.length];
        this.scores = new float[byDoc.length];
        for (int i = 0; i < byDoc.length; i++) {
            docs[i] = byDoc[i].doc;
            scores[i] = byDoc[i].score;
        }
        this.readerId = readerId;
        this.description = description;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        if (searcher.getIndexReader().getContext().id() != readerId) {
            throw new IllegalStateException(description + " was computed on another reader than this searcher's");
        }
        return new Weight(this) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) {
                int from = firstAtOrAfter(context.docBase);
                int to = firstAtOrAfter(context.docBase + context.reader().maxDoc());
                if (from == to) {
                    return null;
                }
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) {
                        return new FixedScorer(context.docBase, from, to, boost);
                    }

                    @Override
                    public long cost() {
                        return to - from;
                    }
                };
            }

            @Override
            public Explanation explain(LeafReaderContext context, int doc) {
                int i = Arrays.binarySearch(docs, context.docBase + doc);
                return i < 0
                        ? Explanation.noMatch("not among the " + description + " hits")
                        : Explanation.match(scores[i] * boost, description + " score");
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }
        };
    }

    private int firstAtOrAfter(int doc) {
        int i = Arrays.binarySearch(docs, doc);
        return i >= 0 ? i : -i - 1;
    }

    /** Iterates {@code docs[from .. to)} of one leaf, in doc order. */
    private final class FixedScorer extends Scorer {
        private final int docBase;
        private final int from;
        private final int to;
        private final float boost;
        private int at;

        FixedScorer(int docBase, int from, int to, float boost) {
            this.docBase = docBase;
            this.from = from;
            this.to = to;
            this.boost = boost;
            this.at = from - 1;
        }

        private final DocIdSetIterator iterator = new DocIdSetIterator() {
            @Override
            public int docID() {
                return FixedScorer.this.docID();
            }

            @Override
            public int nextDoc() {
                at++;
                return docID();
            }

            @Override
            public int advance(int target) {
                do {
                    at++;
                } while (at < to && docs[at] - docBase < target);
                return docID();
            }

            @Override
            public long cost() {
                return to - from;
            }
        };

        @Override
        public int docID() {
            return at < from ? -1 : at >= to ? DocIdSetIterator.NO_MORE_DOCS : docs[at] - docBase;
        }

        @Override
        public DocIdSetIterator iterator() {
            return iterator;
        }

        @Override
        public float getMaxScore(int upTo) {
            float max = 0;
            for (int i = Math.max(at, from); i < to && docs[i] - docBase <= upTo; i++) {
                max = Math.max(max, scores[i]);
            }
            return max * boost;
        }

        @Override
        public float score() {
            return scores[at] * boost;
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return description + "(" + docs.length + " docs)";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other)
                && readerId == ((ScoredDocsQuery) other).readerId
                && Arrays.equals(docs, ((ScoredDocsQuery) other).docs)
                && Arrays.equals(scores, ((ScoredDocsQuery) other).scores);
    }

    @Override
    public int hashCode() {
        return 31 * classHash() + Arrays.hashCode(docs);
    }
}
