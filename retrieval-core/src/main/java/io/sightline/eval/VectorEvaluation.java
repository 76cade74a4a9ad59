package io.sightline.eval;

import io.sightline.expansion.ExactSearch;
import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Oxford-protocol mAP over descriptors already computed, optionally with query expansion: rank the database by
 * dot product, expand the query from that first ranking, rank again. Database-side augmentation is the caller's
 * (apply it to {@code database} first). Lets a study try many post-processing settings without re-extracting.
 */
public final class VectorEvaluation {

    private VectorEvaluation() {}

    /**
     * @param databaseNames image names, in the order of {@code database}
     * @param queryVectors  descriptor of each query, by query name
     */
    public static EvalReport evaluate(
            List<String> databaseNames,
            List<float[]> database,
            Map<String, float[]> queryVectors,
            List<OxfordQuery> queries,
            QueryExpansion expansion) {
        if (databaseNames.size() != database.size()) {
            throw new IllegalArgumentException(databaseNames.size() + " names for " + database.size() + " vectors");
        }
        List<QueryResult> results = new ArrayList<>(queries.size());
        for (OxfordQuery q : queries) {
            float[] qv = queryVectors.get(q.name());
            if (qv == null) {
                throw new IllegalArgumentException("no vector for query " + q.name());
            }
            List<ScoredVector> first = ExactSearch.topK(qv, database, database.size(), -1);
            float[] expanded = expansion.expand(qv, first);
            List<ScoredVector> ranked = ExactSearch.topK(expanded, database, database.size(), -1);
            List<String> ranking =
                    ranked.stream().map(s -> databaseNames.get(s.index())).toList();
            results.add(new QueryResult(q.name(), AveragePrecision.oxford(ranking, q.positives(), q.junk())));
        }
        return new EvalReport(
                results, results.stream().mapToDouble(QueryResult::ap).average().orElse(0));
    }
}
