package io.sightline.eval;

import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.expansion.ExactSearch;
import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Oxford-protocol mAP of database-side augmentation as the live search applies it (docs/decisions/016): each round
 * ranks the raw database, re-scores only its first {@code shortlist} images by the query against their augmented
 * vectors and re-ranks them (the rest keep their raw order behind), and query expansion reads the augmented vectors
 * of the re-ranked best hits. With a shortlist covering the database this is exactly offline DBA followed by
 * {@link VectorEvaluation}.
 */
public final class ShortlistEvaluation {
    private final List<float[]> raw;
    private final DatabaseAugmentation augmentation;
    private final int shortlist;
    private final float[][] augmented;

    /**
     * @param raw          the database's raw descriptors
     * @param augmentation how a shortlisted image is augmented from its raw neighbours
     * @param shortlist    raw hits each round re-ranks
     */
    public ShortlistEvaluation(List<float[]> raw, DatabaseAugmentation augmentation, int shortlist) {
        if (shortlist < 1) {
            throw new IllegalArgumentException("shortlist must be at least 1, got " + shortlist);
        }
        this.raw = List.copyOf(raw);
        this.augmentation = augmentation;
        this.shortlist = shortlist;
        this.augmented = new float[raw.size()][];
    }

    /**
     * @param databaseNames image names, in the order of the database
     * @param queryVectors  descriptor of each query, by query name
     */
    public EvalReport evaluate(
            List<String> databaseNames,
            Map<String, float[]> queryVectors,
            List<OxfordQuery> queries,
            QueryExpansion expansion) {
        if (databaseNames.size() != raw.size()) {
            throw new IllegalArgumentException(databaseNames.size() + " names for " + raw.size() + " vectors");
        }
        List<QueryResult> results = new ArrayList<>(queries.size());
        for (OxfordQuery q : queries) {
            float[] qv = queryVectors.get(q.name());
            if (qv == null) {
                throw new IllegalArgumentException("no vector for query " + q.name());
            }
            List<ScoredVector> ranked = rank(expansion.expand(qv, rank(qv)));
            List<String> ranking =
                    ranked.stream().map(s -> databaseNames.get(s.index())).toList();
            results.add(new QueryResult(q.name(), AveragePrecision.oxford(ranking, q.positives(), q.junk())));
        }
        return new EvalReport(
                results, results.stream().mapToDouble(QueryResult::ap).average().orElse(0));
    }

    /** The whole database for {@code query}: the re-ranked shortlist (augmented vectors), then the raw rest. */
    List<ScoredVector> rank(float[] query) {
        List<ScoredVector> rawRanking = ExactSearch.topK(query, raw, raw.size(), -1);
        int r = Math.min(shortlist, rawRanking.size());
        List<ScoredVector> out = new ArrayList<>(rawRanking.size());
        for (ScoredVector hit : rawRanking.subList(0, r)) {
            float[] a = augmented(hit.index());
            out.add(new ScoredVector(hit.index(), a, Vectors.dot(query, a)));
        }
        // The tie-break of ExactSearch, so a shortlist covering the database ranks exactly as offline DBA.
        out.sort(Comparator.comparingDouble(ScoredVector::score).reversed().thenComparingInt(ScoredVector::index));
        out.addAll(rawRanking.subList(r, rawRanking.size()));
        return out;
    }

    /** The same augmentation as {@link DatabaseAugmentation#augment}, computed once per image when first shortlisted. */
    private float[] augmented(int i) {
        if (augmented[i] == null) {
            augmented[i] = augmentation.augmentOne(raw.get(i), ExactSearch.topK(raw.get(i), raw, augmentation.k(), i));
        }
        return augmented[i];
    }
}
