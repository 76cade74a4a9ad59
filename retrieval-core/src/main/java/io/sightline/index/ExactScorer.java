package io.sightline.index;

import java.io.IOException;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.util.VectorUtil;

/** Exact dot product of the query with one segment's stored float vectors; docs must be asked in increasing order. */
final class ExactScorer {
    private final FloatVectorValues values;
    private final KnnVectorValues.DocIndexIterator iterator;
    private final float[] query;

    ExactScorer(FloatVectorValues values, float[] query) {
        this.values = values;
        this.iterator = values.iterator();
        this.query = query;
    }

    float similarity(int doc) throws IOException {
        if (iterator.docID() < doc) {
            iterator.advance(doc);
        }
        if (iterator.docID() != doc) {
            return -1; // no vector: the lowest similarity of unit vectors
        }
        return VectorUtil.dotProduct(query, values.vectorValue(iterator.index()));
    }
}
