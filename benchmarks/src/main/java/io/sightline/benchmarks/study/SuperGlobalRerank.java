package io.sightline.benchmarks.study;

import io.sightline.eval.PostProcessing;
import io.sightline.pooling.Vectors;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * SuperGlobal's re-ranking with global features only (Shao et al., "Global Features are All You Need for Image
 * Retrieval and Reranking", ICCV 2023), as the authors' code does it (MDescAug, then RerankwMDA):
 *
 * <ol>
 *   <li>rank the database by cosine with the query; keep the top {@code m};
 *   <li>refine each of those {@code m} descriptors with its {@code k} nearest among the same {@code m}: a weighted
 *       mean of itself (weight 1) and the neighbours (weight {@code beta} x similarity), not re-normalised;
 *   <li>rank the {@code m} by the query's dot product with the refined descriptors; the refined query is the
 *       element-wise max of the first {@code k + 1} refined descriptors;
 *   <li>score each of the {@code m} by the mean of (query . refined) and (refined query . refined); the rest of the
 *       database keeps its first-round order after them.
 * </ol>
 *
 * A measurement tool for the benchmarks module, not a product feature. {@link #over} computes the candidates'
 * similarities per query, as a live search must; {@link #overWithGram} reads them from the database's Gram matrix
 * computed once (the same numbers, for evaluation speed).
 */
final class SuperGlobalRerank {

    private final int m;
    private final int k;
    private final double beta;

    SuperGlobalRerank(int m, int k, double beta) {
        if (m <= 0 || k < 0 || !(beta >= 0)) {
            throw new IllegalArgumentException("need m > 0, k >= 0, beta >= 0: " + m + ", " + k + ", " + beta);
        }
        this.m = m;
        this.k = k;
        this.beta = beta;
    }

    /** The paper's setting: M 400, K 9, beta 0.15. */
    static SuperGlobalRerank paper() {
        return new SuperGlobalRerank(400, 9, 0.15);
    }

    String name() {
        return String.format(Locale.ROOT, "sg-rerank M%d K%d b%s", m, k, beta);
    }

    /** A ranker over {@code database} (unit vectors) computing the candidates' similarities per query. */
    PostProcessing.Ranker over(List<float[]> database) {
        return (query, local, inliers) -> rank(query, database, null);
    }

    /** As {@link #over}, the candidates' similarities read from the database's Gram matrix, computed once. */
    PostProcessing.Ranker overWithGram(List<float[]> database) {
        int n = database.size();
        float[][] gram = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                float g = (float) Vectors.dot(database.get(i), database.get(j));
                gram[i][j] = g;
                gram[j][i] = g;
            }
        }
        return (query, local, inliers) -> rank(query, database, gram);
    }

    int[] rank(float[] query, List<float[]> database, float[][] gram) {
        int n = database.size();
        double[] first = new double[n];
        for (int i = 0; i < n; i++) {
            first[i] = Vectors.dot(query, database.get(i));
        }
        int[] order = descending(first, n);
        int top = Math.min(m, n);
        int[] cand = Arrays.copyOf(order, top);
        // Similarities among the candidates.
        float[][] sim = new float[top][top];
        for (int a = 0; a < top; a++) {
            for (int b = a; b < top; b++) {
                float g = gram != null
                        ? gram[cand[a]][cand[b]]
                        : (float) Vectors.dot(database.get(cand[a]), database.get(cand[b]));
                sim[a][b] = g;
                sim[b][a] = g;
            }
        }
        // Descriptor augmentation inside the top M (MDescAug): the first of the k + 1 nearest weighs 1 (normally
        // the candidate itself), the others beta x similarity.
        int dim = query.length;
        float[][] refined = new float[top][];
        int kk = Math.min(k + 1, top);
        for (int a = 0; a < top; a++) {
            double[] row = new double[top];
            for (int b = 0; b < top; b++) {
                row[b] = sim[a][b];
            }
            int[] near = descending(row, kk);
            double[] acc = new double[dim];
            double wsum = 0;
            for (int j = 0; j < kk; j++) {
                double w = j == 0 ? 1.0 : beta * row[near[j]];
                float[] x = database.get(cand[near[j]]);
                for (int c = 0; c < dim; c++) {
                    acc[c] += w * x[c];
                }
                wsum += w;
            }
            float[] r = new float[dim];
            for (int c = 0; c < dim; c++) {
                r[c] = (float) (acc[c] / wsum);
            }
            refined[a] = r;
        }
        double[] second = new double[top];
        for (int a = 0; a < top; a++) {
            second[a] = Vectors.dot(query, refined[a]);
        }
        // Query refinement (RerankwMDA): element-wise max of the k + 1 best refined descriptors.
        int[] byRefined = descending(second, kk);
        float[] qmax = refined[byRefined[0]].clone();
        for (int j = 1; j < kk; j++) {
            float[] r = refined[byRefined[j]];
            for (int c = 0; c < dim; c++) {
                qmax[c] = Math.max(qmax[c], r[c]);
            }
        }
        double[] score = new double[top];
        for (int a = 0; a < top; a++) {
            score[a] = (second[a] + Vectors.dot(qmax, refined[a])) / 2;
        }
        int[] reranked = descending(score, top);
        int[] out = new int[n];
        for (int a = 0; a < top; a++) {
            out[a] = cand[reranked[a]];
        }
        System.arraycopy(order, top, out, top, n - top);
        return out;
    }

    /** The indices of the {@code count} largest values, largest first; ties by index. */
    private static int[] descending(double[] v, int count) {
        if (count <= 16) {
            // Insertion into a short sorted buffer: the k + 1 nearest of every candidate, per query.
            int[] out = new int[count];
            int size = 0;
            for (int i = 0; i < v.length; i++) {
                if (size == count && v[i] <= v[out[size - 1]]) {
                    continue;
                }
                int at = size == count ? size - 1 : size++;
                while (at > 0 && v[out[at - 1]] < v[i]) {
                    out[at] = out[at - 1];
                    at--;
                }
                out[at] = i;
            }
            return out;
        }
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(v[b], v[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
