package io.sightline.index;

import java.io.IOException;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;

/**
 * The pq and ivfpq modes as Lucene queries, built the way Lucene's own kNN queries are: {@link #rewrite} runs the ADC
 * scan ({@link FlatPqScan}, or {@link IvfPqScan} over the probed cells) once over every leaf of the searcher, with the
 * filter and deletes applied inside the scan, and rewrites to a {@link ScoredDocsQuery} that matches exactly the best
 * {@code k} documents with their scores ({@link Scores#toLucene}). The scan itself stays outside Lucene's per-document
 * scorer loop: an iterator and a virtual call per document cost more than the table lookups (decision 018).
 */
final class AdcScanQuery extends Query {
    /** The scan of one query vector against one searcher's leaves: the best docs, best first. */
    interface Scan {
        ScoreDoc[] topDocs(IndexSearcher searcher) throws IOException;
    }

    private final Scan scan;
    private final String description;

    AdcScanQuery(Scan scan, String description) {
        this.scan = scan;
        this.description = description;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        return new ScoredDocsQuery(
                scan.topDocs(searcher), searcher.getIndexReader().getContext().id(), description);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        throw new IllegalStateException(description + " must be rewritten before it is searched");
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return description;
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
