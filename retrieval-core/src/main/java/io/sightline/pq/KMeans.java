package io.sightline.pq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lloyd's k-means with k-means++ seeding, several restarts (lowest inertia wins) and repair of empty clusters by
 * splitting the largest one. The assignment step runs on {@link KMeansParams#threads()} threads; every
 * reduction runs in a fixed order, so the result depends only on the data and the seed.
 */
public final class KMeans {
    private static final Logger LOG = LoggerFactory.getLogger(KMeans.class);
    /** Relative perturbation used to split a cluster in two when another one went empty (as Faiss does). */
    private static final float SPLIT_EPS = 1f / 1024;

    private final KMeansParams params;

    public KMeans(KMeansParams params) {
        this.params = params;
    }

    /**
     * Clusters {@code n} points of {@code dim} floats stored row-major in {@code data}.
     *
     * @return centroids (k x dim row-major), the inertia (sum of squared distances) on the training points used
     */
    public Result fit(float[] data, int n, int dim, int k) {
        if (n < k) {
            throw new IllegalArgumentException("need at least k=" + k + " points, got " + n);
        }
        float[] points = subsample(data, n, dim, k);
        int used = points.length / dim;
        ExecutorService pool = params.threads() > 1
                ? Executors.newFixedThreadPool(params.threads(), r -> {
                    Thread t = new Thread(r, "kmeans");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        try {
            Result best = null;
            for (int r = 0; r < params.restarts(); r++) {
                Result run = runOnce(points, used, dim, k, new SplittableRandom(params.seed() * 1_000_003L + r), pool);
                LOG.debug("k-means restart={} k={} n={} inertia={}", r, k, used, run.inertia());
                if (best == null || run.inertia() < best.inertia()) {
                    best = run;
                }
            }
            return best;
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Faiss-style cap on training points: a seeded partial shuffle keeps {@code k * maxPointsPerCentroid}. */
    private float[] subsample(float[] data, int n, int dim, int k) {
        long cap = (long) k * params.maxPointsPerCentroid();
        if (n <= cap) {
            return n * dim == data.length ? data : java.util.Arrays.copyOf(data, n * dim);
        }
        int keep = (int) cap;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom random = new SplittableRandom(params.seed() ^ 0x5DEECE66DL);
        for (int i = 0; i < keep; i++) {
            int j = i + random.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] out = new float[keep * dim];
        for (int i = 0; i < keep; i++) {
            System.arraycopy(data, perm[i] * dim, out, i * dim, dim);
        }
        return out;
    }

    private Result runOnce(float[] x, int n, int dim, int k, SplittableRandom random, ExecutorService pool) {
        float[] centroids = seedPlusPlus(x, n, dim, k, random, pool);
        int[] assign = new int[n];
        float[] dist = new float[n];
        java.util.Arrays.fill(assign, -1);
        double inertia = Double.MAX_VALUE;
        for (int it = 0; it < params.iterations(); it++) {
            Centroids c = new Centroids(centroids, k, dim);
            int changed = assign(x, n, dim, c, assign, dist, pool);
            inertia = sum(dist);
            if (changed == 0) {
                break;
            }
            centroids = update(x, n, dim, k, assign);
        }
        // The inertia reported is that of the centroids returned (restarts are compared on it).
        assign(x, n, dim, new Centroids(centroids, k, dim), assign, dist, pool);
        inertia = sum(dist);
        return new Result(centroids, k, dim, inertia);
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }

    /** k-means++: each next seed is drawn with probability proportional to its squared distance to the nearest. */
    private float[] seedPlusPlus(float[] x, int n, int dim, int k, SplittableRandom random, ExecutorService pool) {
        float[] centroids = new float[k * dim];
        float[] d2 = new float[n];
        int first = random.nextInt(n);
        System.arraycopy(x, first * dim, centroids, 0, dim);
        java.util.Arrays.fill(d2, Float.MAX_VALUE);
        for (int c = 1; c <= k; c++) {
            int prev = c - 1;
            parallel(n, pool, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float d = squaredDistance(x, i * dim, centroids, prev * dim, dim);
                    if (d < d2[i]) {
                        d2[i] = d;
                    }
                }
            });
            if (c == k) {
                break;
            }
            double total = sum(d2);
            int pick;
            if (total <= 0) {
                pick = random.nextInt(n); // all points coincide with seeds: any point will do
            } else {
                double target = random.nextDouble() * total;
                double acc = 0;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    acc += d2[i];
                    if (acc >= target) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(x, pick * dim, centroids, c * dim, dim);
        }
        return centroids;
    }

    private static float squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim) {
        float s = 0;
        for (int t = 0; t < dim; t++) {
            float d = a[aOff + t] - b[bOff + t];
            s += d * d;
        }
        return s;
    }

    /** Assigns every point to its nearest centroid; returns how many points changed cluster. */
    private int assign(float[] x, int n, int dim, Centroids c, int[] assign, float[] dist, ExecutorService pool) {
        int[] changedPerChunk = new int[chunks(pool)];
        int chunkCount = changedPerChunk.length;
        parallelChunks(
                n,
                pool,
                (chunk, from, to) -> {
                    float[] scratch = new float[c.k()];
                    int changed = 0;
                    for (int i = from; i < to; i++) {
                        int best = c.nearest(x, i * dim, scratch);
                        if (best != assign[i]) {
                            assign[i] = best;
                            changed++;
                        }
                        dist[i] = squaredDistance(x, i * dim, c.rows(), best * dim, dim);
                    }
                    changedPerChunk[chunk] = changed;
                },
                chunkCount);
        int changed = 0;
        for (int v : changedPerChunk) {
            changed += v;
        }
        return changed;
    }

    /** Means of the clusters; empty clusters are refilled by splitting the largest one. */
    static float[] update(float[] x, int n, int dim, int k, int[] assign) {
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int c = assign[i];
            counts[c]++;
            int base = c * dim;
            int off = i * dim;
            for (int t = 0; t < dim; t++) {
                sums[base + t] += x[off + t];
            }
        }
        float[] centroids = new float[k * dim];
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                for (int t = 0; t < dim; t++) {
                    centroids[c * dim + t] = (float) (sums[c * dim + t] / counts[c]);
                }
            }
        }
        repairEmpty(centroids, counts, dim);
        return centroids;
    }

    /**
     * Gives each empty cluster half of the currently largest cluster: both get that centroid, perturbed in
     * opposite directions, so the next assignment splits its points between them.
     */
    static int repairEmpty(float[] centroids, int[] counts, int dim) {
        int repaired = 0;
        for (int e = 0; e < counts.length; e++) {
            if (counts[e] != 0) {
                continue;
            }
            int largest = 0;
            for (int c = 1; c < counts.length; c++) {
                if (counts[c] > counts[largest]) {
                    largest = c;
                }
            }
            for (int t = 0; t < dim; t++) {
                float v = centroids[largest * dim + t];
                float sign = (t % 2 == 0) ? 1 : -1;
                centroids[e * dim + t] = v * (1 + sign * SPLIT_EPS);
                centroids[largest * dim + t] = v * (1 - sign * SPLIT_EPS);
            }
            counts[e] = counts[largest] / 2;
            counts[largest] -= counts[e];
            repaired++;
        }
        if (repaired > 0) {
            LOG.debug("k-means repaired {} empty clusters", repaired);
        }
        return repaired;
    }

    private int chunks(ExecutorService pool) {
        return pool == null ? 1 : params.threads() * 4;
    }

    private interface Range {
        void run(int from, int to);
    }

    private interface ChunkRange {
        void run(int chunk, int from, int to);
    }

    private void parallel(int n, ExecutorService pool, Range body) {
        parallelChunks(n, pool, (chunk, from, to) -> body.run(from, to), chunks(pool));
    }

    /** Runs {@code body} over {@code chunks} fixed, contiguous ranges of {@code [0, n)}: results never depend on timing. */
    private static void parallelChunks(int n, ExecutorService pool, ChunkRange body, int chunks) {
        if (pool == null || n < 4096) {
            for (int ch = 0; ch < chunks; ch++) {
                body.run(ch, (int) ((long) n * ch / chunks), (int) ((long) n * (ch + 1) / chunks));
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int ch = 0; ch < chunks; ch++) {
            int chunk = ch;
            int from = (int) ((long) n * ch / chunks);
            int to = (int) ((long) n * (ch + 1) / chunks);
            futures.add(pool.submit(() -> body.run(chunk, from, to)));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("k-means interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("k-means worker failed", e.getCause());
        }
    }

    /** Trained centroids ({@code k x dim}, row-major) and the inertia on the training points. */
    public record Result(float[] centroids, int k, int dim, double inertia) {}
}
