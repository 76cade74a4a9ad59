package io.sightline.eval;

import io.sightline.expansion.ScoredVector;
import io.sightline.pooling.Vectors;
import io.sightline.pq.KMeansParams;
import io.sightline.pq.Opq;
import io.sightline.pq.ProductQuantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Oxford-protocol mAP when the database is stored as product-quantization codes, as the index's {@code pq} mode
 * stores it: rank by asymmetric distance (exact query, coded database), optionally re-rank the first {@code rerank}
 * hits by the exact dot product with the float vectors, and expand the query from the float vectors of its
 * first-round hits (the live search reads stored vectors the same way). Database-side augmentation, when set, is
 * applied before encoding, as an indexer would.
 *
 * <p>A code has {@code bytes} sub-quantizers of 256 centroids. When {@code bytes} does not divide the dimension,
 * vectors are padded with zeros to the next multiple: padding adds nothing to any dot product, so this only makes
 * the sub-spaces slightly uneven in information.
 */
public final class CompressedEvaluation {
    private final ProductQuantizer pq;
    private final int dim;

    private CompressedEvaluation(ProductQuantizer pq, int dim) {
        this.pq = pq;
        this.dim = dim;
    }

    /**
     * Learns the codebooks; {@code training} must hold at least 256 vectors and should not be the database alone
     * when the database is that small (augmented views of it are fine: this is unsupervised).
     */
    public static CompressedEvaluation train(List<float[]> training, int bytes, KMeansParams params) {
        return train(training, bytes, 0, params);
    }

    /** As {@link #train(List, int, KMeansParams)}, with an OPQ rotation learned in {@code opqIterations} (0: none). */
    public static CompressedEvaluation train(
            List<float[]> training, int bytes, int opqIterations, KMeansParams params) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("no training vectors");
        }
        int dim = training.getFirst().length;
        int padded = paddedDimension(dim, bytes);
        float[][] rows = training.stream().map(v -> pad(v, padded)).toArray(float[][]::new);
        return new CompressedEvaluation(
                opqIterations > 0
                        ? Opq.train(rows, bytes, params, opqIterations)
                        : ProductQuantizer.train(rows, bytes, params),
                dim);
    }

    /** The database coded with codebooks learned elsewhere (a bundle's), of the descriptors' own dimension. */
    public static CompressedEvaluation of(ProductQuantizer pq) {
        return new CompressedEvaluation(pq, pq.dimension());
    }

    /** Bytes per stored vector. */
    public int bytes() {
        return pq.codeSize();
    }

    /** mAP of {@code subset} of the queries over the coded database. */
    public EvalReport evaluate(
            OxfordEvaluation.Descriptors descriptors, PostProcessing post, int rerank, List<OxfordQuery> subset) {
        if (rerank < 0) {
            throw new IllegalArgumentException("rerank must be >= 0, got " + rerank);
        }
        List<float[]> stored = post.augmentation()
                .map(dba -> dba.augment(descriptors.database()))
                .orElse(descriptors.database());
        byte[][] codes =
                stored.stream().map(v -> pq.encode(pad(v, pq.dimension()))).toArray(byte[][]::new);
        Map<String, float[]> queryVectors = descriptors.queryVectors();
        List<QueryResult> results = new ArrayList<>(subset.size());
        for (OxfordQuery q : subset) {
            float[] query = queryVectors.get(q.name());
            if (query == null) {
                throw new IllegalArgumentException("no vector for query " + q.name());
            }
            float[] expanded = post.queryExpansion().expand(query, rank(query, codes, stored, rerank));
            List<ScoredVector> last = rank(expanded, codes, stored, rerank);
            if (post.superGlobal().isPresent()) {
                last = post.superGlobal().get().rerank(query, last);
            }
            List<String> ranking =
                    last.stream().map(s -> descriptors.names().get(s.index())).toList();
            results.add(new QueryResult(q.name(), AveragePrecision.oxford(ranking, q.positives(), q.junk())));
        }
        return new EvalReport(
                results, results.stream().mapToDouble(QueryResult::ap).average().orElse(0));
    }

    /** The whole database, best first: ADC order, with the first {@code rerank} re-ordered by exact score. */
    private List<ScoredVector> rank(float[] query, byte[][] codes, List<float[]> stored, int rerank) {
        if (query.length != dim) {
            throw new IllegalArgumentException(
                    "query has " + query.length + " dimensions, codes were trained on " + dim);
        }
        float[] table = pq.adcTable(pad(query, pq.dimension()));
        List<ScoredVector> ranked = new ArrayList<>(codes.length);
        for (int i = 0; i < codes.length; i++) {
            ranked.add(new ScoredVector(i, stored.get(i), pq.adcScore(codes[i], table)));
        }
        Comparator<ScoredVector> best =
                Comparator.comparingDouble(ScoredVector::score).reversed().thenComparingInt(ScoredVector::index);
        ranked.sort(best);
        int shortlist = Math.min(rerank, ranked.size());
        List<ScoredVector> head = new ArrayList<>(shortlist);
        for (ScoredVector s : ranked.subList(0, shortlist)) {
            head.add(new ScoredVector(s.index(), s.vector(), Vectors.dot(query, s.vector())));
        }
        head.sort(best);
        List<ScoredVector> out = new ArrayList<>(head);
        out.addAll(ranked.subList(shortlist, ranked.size()));
        return out;
    }

    static int paddedDimension(int dim, int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be >= 1, got " + bytes);
        }
        return (dim + bytes - 1) / bytes * bytes;
    }

    private static float[] pad(float[] v, int length) {
        return v.length == length ? v : Arrays.copyOf(v, length);
    }
}
