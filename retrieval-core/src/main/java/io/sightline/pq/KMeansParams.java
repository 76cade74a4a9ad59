package io.sightline.pq;

/**
 * How k-means trains.
 *
 * @param iterations           Lloyd iterations per restart (it stops earlier once no point changes cluster)
 * @param restarts             independent runs from different k-means++ seeds; the lowest inertia wins
 * @param seed                 makes training deterministic (same data, same seed, same centroids, any thread count)
 * @param threads              threads for the assignment step
 * @param maxPointsPerCentroid training points beyond {@code k} times this are subsampled away (Faiss uses 256)
 */
public record KMeansParams(int iterations, int restarts, long seed, int threads, int maxPointsPerCentroid) {
    public KMeansParams {
        if (iterations < 1 || restarts < 1 || threads < 1 || maxPointsPerCentroid < 1) {
            throw new IllegalArgumentException("iterations, restarts, threads and maxPointsPerCentroid must be >= 1");
        }
    }

    /** Faiss-like defaults: 25 iterations, one run, 256 points per centroid, one thread per core. */
    public static KMeansParams defaults(long seed) {
        return new KMeansParams(25, 1, seed, Runtime.getRuntime().availableProcessors(), 256);
    }

    public KMeansParams withSeed(long newSeed) {
        return new KMeansParams(iterations, restarts, newSeed, threads, maxPointsPerCentroid);
    }

    public KMeansParams withRestarts(int newRestarts) {
        return new KMeansParams(iterations, newRestarts, seed, threads, maxPointsPerCentroid);
    }
}
