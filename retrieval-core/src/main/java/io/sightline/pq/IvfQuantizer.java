package io.sightline.pq;

/**
 * IVF coarse quantizer: {@code nlist} k-means centroids ("cells"); a vector lives in the cell of its nearest
 * centroid and a query visits the {@code nprobe} nearest cells. Serialise with {@link #cells()},
 * {@link #dimension()} and {@link #centroids()}. Immutable and thread-safe.
 */
public final class IvfQuantizer {
    private final Centroids centroids;

    /** @param centroids {@code nlist x dim} floats, row-major */
    public IvfQuantizer(int nlist, int dim, float[] centroids) {
        this.centroids = new Centroids(centroids.clone(), nlist, dim);
    }

    public static IvfQuantizer train(float[][] vectors, int nlist, KMeansParams params) {
        return train(Flatten.rows(vectors), vectors.length, vectors[0].length, nlist, params);
    }

    public static IvfQuantizer train(float[] data, int n, int dim, int nlist, KMeansParams params) {
        KMeans.Result r = new KMeans(params).fit(data, n, dim, nlist);
        return new IvfQuantizer(nlist, dim, r.centroids());
    }

    public int cells() {
        return centroids.k();
    }

    public int dimension() {
        return centroids.dim();
    }

    /** A copy of the centroids, {@code nlist x dim} row-major. */
    public float[] centroids() {
        return centroids.rows().clone();
    }

    /** Row-major centroid {@code cell} starts at {@code cell * dim} of this shared array; do not modify. */
    float[] centroidRows() {
        return centroids.rows();
    }

    /** The cell of the vector: its L2-nearest centroid. */
    public int assign(float[] vector) {
        return centroids.nearest(vector, 0, new float[cells()]);
    }

    int assign(float[] vector, int off, float[] scratch) {
        return centroids.nearest(vector, off, scratch);
    }

    /** The {@code nprobe} cells nearest to the query, nearest first. */
    public int[] nearestCells(float[] query, int nprobe) {
        return centroids.nearest(query, 0, nprobe, new float[cells()]);
    }

    /**
     * The same cells as {@link #nearestCells(float[], int)}, from the query's {@link #innerProducts} (which
     * IVF-PQ needs anyway for its score), so a query computes them once.
     */
    public int[] nearestCellsFromInnerProducts(float[] innerProducts, int nprobe) {
        return centroids.nearestFromInnerProducts(innerProducts, nprobe);
    }

    /** Inner product of the query with every centroid (the coarse term of the IVF-PQ score). */
    public float[] innerProducts(float[] query) {
        float[] out = new float[cells()];
        centroids.innerProducts(query, 0, out, 0);
        return out;
    }
}
