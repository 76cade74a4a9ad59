package io.sightline.index;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

/**
 * Visits exactly the documents of {@code candidates} (deleted ones are skipped by the searcher) and scores each
 * with a per-segment vector scorer: exact dot product, flat ADC or IVF-PQ ADC. For IVF-PQ the candidates are the
 * documents whose cell is among the probed ones, so only those cells are read. Scores go through
 * {@link Scores#toLucene} because Lucene's collectors require non-negative scores.
 */
final class VectorScoringQuery extends Query {
    /** Scores one segment's documents; docs are asked in increasing order. */
    interface LeafScorer {
        float similarity(int doc) throws IOException;
    }

    interface LeafScorerFactory {
        /** Null when the segment holds nothing to score. */
        LeafScorer forLeaf(LeafReaderContext context) throws IOException;
    }

    private final Query candidates;
    private final LeafScorerFactory scorers;
    private final String description;

    VectorScoringQuery(Query candidates, LeafScorerFactory scorers, String description) {
        this.candidates = candidates;
        this.scorers = scorers;
        this.description = description;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight inner = searcher.createWeight(searcher.rewrite(candidates), ScoreMode.COMPLETE_NO_SCORES, 1f);
        return new Weight(this) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                ScorerSupplier in = inner.scorerSupplier(context);
                if (in == null) {
                    return null;
                }
                LeafScorer leaf = scorers.forLeaf(context);
                if (leaf == null) {
                    return null;
                }
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        DocIdSetIterator it = in.get(leadCost).iterator();
                        return new Scorer() {
                            @Override
                            public int docID() {
                                return it.docID();
                            }

                            @Override
                            public DocIdSetIterator iterator() {
                                return it;
                            }

                            @Override
                            public float getMaxScore(int upTo) {
                                return Float.MAX_VALUE;
                            }

                            @Override
                            public float score() throws IOException {
                                return Scores.toLucene(leaf.similarity(it.docID()));
                            }
                        };
                    }

                    @Override
                    public long cost() {
                        return in.cost();
                    }
                };
            }

            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                LeafScorer leaf = scorers.forLeaf(context);
                if (leaf == null) {
                    return Explanation.noMatch("no vectors in segment");
                }
                float sim = leaf.similarity(doc);
                return Explanation.match(Scores.toLucene(sim), description + " similarity=" + sim);
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false; // scores depend on the query vector, which is not part of equals()
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        candidates.visit(visitor.getSubVisitor(BooleanClause.Occur.FILTER, this));
    }

    @Override
    public String toString(String field) {
        return description + "(" + candidates.toString(field) + ")";
    }

    @Override
    public boolean equals(Object other) {
        return this == other; // one instance per query vector
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
