package io.sightline.index;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;

/** {@link SearchMode#EXACT}: every (filtered) vector scored by exact dot product with the query. */
final class ExactModeQuery {
    private ExactModeQuery() {}

    static Query create(float[] query, Query filter) {
        return new VectorScoringQuery(
                withFilter(new FieldExistsQuery(ShardSchema.VECTOR), filter),
                ctx -> {
                    FloatVectorValues values = ctx.reader().getFloatVectorValues(ShardSchema.VECTOR);
                    return values == null ? null : new ExactScorer(values, query)::similarity;
                },
                "exact");
    }

    private static Query withFilter(Query candidates, Query filter) {
        if (filter == null) {
            return candidates;
        }
        return new BooleanQuery.Builder()
                .add(candidates, BooleanClause.Occur.FILTER)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
    }
}
