package io.sightline.expansion;

import io.sightline.pooling.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SuperGlobal's re-ranking with global features only (Shao et al., "Global Features are All You Need for Image
 * Retrieval and Reranking", ICCV 2023), as the authors' code does it (MDescAug, then RerankwMDA), over the best
 * {@code m} hits of a first round:
 *
 * <ol>
 *   <li>each of the {@code m} descriptors is refined with its {@code k} nearest among the same {@code m}: a weighted
 *       mean of itself (weight 1) and those neighbours (weight {@code beta} x similarity), not re-normalised;
 *   <li>the refined query is the element-wise max of the {@code k + 1} refined descriptors closest to the query;
 *   <li>each candidate scores the mean of (query . refined) and (refined query . refined).
 * </ol>
 *
 * Unlike query expansion it needs no second search, and unlike database-side augmentation no neighbour search per
 * hit: every neighbour it reads is among the {@code m} candidates, so a live index and an offline evaluation compute
 * the same numbers. Written here because no JVM library implements it; the parameters are the paper's (M 400, K 9,
 * beta 0.15), not tuned on this project's photos (docs/decisions/035).
 */
public record SuperGlobalRerank(int m, int k, double beta) {

    public SuperGlobalRerank {
        if (m < 1 || k < 0 || !(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException(
                    "SuperGlobal re-ranking needs M >= 1, K >= 0 and a finite beta >= 0, got " + m + ":" + k + ":"
                            + beta);
        }
    }

    /** The paper's setting: M 400, K 9, beta 0.15. */
    public static SuperGlobalRerank paper() {
        return new SuperGlobalRerank(400, 9, 0.15);
    }

    /** {@code none}, or {@code M:K:BETA} (e.g. {@code 400:9:0.15}). */
    public static Optional<SuperGlobalRerank> parse(String spec) {
        if (spec.trim().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        String[] parts = spec.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("SuperGlobal re-ranking '" + spec + "': expected none or M:K:BETA");
        }
        try {
            return Optional.of(new SuperGlobalRerank(
                    Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Double.parseDouble(parts[2])));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SuperGlobal re-ranking '" + spec + "': expected none or M:K:BETA", e);
        }
    }

    /** As {@link #parse} reads it. */
    public String spec() {
        return m + ":" + k + ":" + beta;
    }

    /** E.g. {@code sg400k9b0.15}, for reports. */
    public String name() {
        return String.format(Locale.ROOT, "sg%dk%db%s", m, k, beta);
    }

    /**
     * Re-ranks the first {@code m} candidates.
     *
     * @param query      the query's unit descriptor
     * @param candidates a first round, best first, each with its stored unit vector
     * @return the first {@code min(m, size)} candidates in their new order, each scored by the re-ranking (index and
     *     vector kept), then the others as they came
     */
    public List<ScoredVector> rerank(float[] query, List<ScoredVector> candidates) {
        int top = Math.min(m, candidates.size());
        if (top == 0) {
            return List.copyOf(candidates);
        }
        float[][] refined = refine(candidates.subList(0, top));
        double[] toQuery = new double[top];
        for (int a = 0; a < top; a++) {
            toQuery[a] = Vectors.dot(query, refined[a]);
        }
        int kk = Math.min(k + 1, top);
        int[] closest = best(toQuery, kk);
        float[] refinedQuery = refined[closest[0]].clone();
        for (int j = 1; j < kk; j++) {
            float[] r = refined[closest[j]];
            for (int c = 0; c < r.length; c++) {
                refinedQuery[c] = Math.max(refinedQuery[c], r[c]);
            }
        }
        double[] score = new double[top];
        for (int a = 0; a < top; a++) {
            score[a] = (toQuery[a] + Vectors.dot(refinedQuery, refined[a])) / 2;
        }
        List<ScoredVector> out = new ArrayList<>(candidates.size());
        for (int a : best(score, top)) {
            ScoredVector c = candidates.get(a);
            out.add(new ScoredVector(c.index(), c.vector(), score[a]));
        }
        out.addAll(candidates.subList(top, candidates.size()));
        return out;
    }

    /** MDescAug: each candidate as the weighted mean of itself and its k nearest among the candidates. */
    private float[][] refine(List<ScoredVector> top) {
        int n = top.size();
        double[][] sim = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = Vectors.dot(top.get(a).vector(), top.get(b).vector());
                sim[a][b] = s;
                sim[b][a] = s;
            }
        }
        int kk = Math.min(k + 1, n);
        int dim = top.get(0).vector().length;
        float[][] refined = new float[n][];
        for (int a = 0; a < n; a++) {
            // The first of the k + 1 nearest (normally the candidate itself) weighs 1, the others beta x similarity.
            int[] near = best(sim[a], kk);
            double[] acc = new double[dim];
            double weights = 0;
            for (int j = 0; j < kk; j++) {
                double w = j == 0 ? 1.0 : beta * sim[a][near[j]];
                float[] x = top.get(near[j]).vector();
                for (int c = 0; c < dim; c++) {
                    acc[c] += w * x[c];
                }
                weights += w;
            }
            float[] r = new float[dim];
            for (int c = 0; c < dim; c++) {
                r[c] = (float) (acc[c] / weights);
            }
            refined[a] = r;
        }
        return refined;
    }

    /** The positions of the {@code count} largest values, largest first; ties by position. */
    private static int[] best(double[] values, int count) {
        if (count <= 16) {
            // A short sorted buffer: the k + 1 nearest of every candidate, per query, without sorting all of them.
            int[] out = new int[count];
            int size = 0;
            for (int i = 0; i < values.length; i++) {
                if (size == count && values[i] <= values[out[size - 1]]) {
                    continue;
                }
                int at = size == count ? size - 1 : size++;
                while (at > 0 && values[out[at - 1]] < values[i]) {
                    out[at] = out[at - 1];
                    at--;
                }
                out[at] = i;
            }
            return out;
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(values[b], values[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
