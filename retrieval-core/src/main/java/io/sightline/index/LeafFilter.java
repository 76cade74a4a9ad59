package io.sightline.index;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.FixedBitSet;

/**
 * An attribute filter as per-segment bits for the scans ({@link FlatPqScan}, {@link IvfPqScan}): they visit docs
 * in code order, not in doc-id order, so they test membership instead of leap-frogging an iterator.
 */
final class LeafFilter {
    private final Weight weight;

    private LeafFilter(Weight weight) {
        this.weight = weight;
    }

    static LeafFilter of(IndexSearcher searcher, Query filter) throws IOException {
        return new LeafFilter(
                filter == null
                        ? null
                        : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f));
    }

    /** The segment's matching docs (possibly none); null when there is no filter (everything passes). */
    FixedBitSet accepted(LeafReaderContext leaf) throws IOException {
        if (weight == null) {
            return null;
        }
        FixedBitSet bits = new FixedBitSet(Math.max(1, leaf.reader().maxDoc()));
        Scorer scorer = weight.scorer(leaf);
        if (scorer != null) {
            bits.or(scorer.iterator());
        }
        return bits;
    }
}
