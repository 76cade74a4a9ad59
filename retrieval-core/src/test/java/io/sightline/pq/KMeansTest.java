package io.sightline.pq;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.testing.SyntheticVectors;
import org.junit.jupiter.api.Test;

class KMeansTest {
    private static final int DIM = 16;

    @Test
    void sameSeedSameCentroidsWhateverTheThreads() {
        float[] data = new SyntheticVectors(DIM, 20, 0.5f, 1).generate(20_000, 0);
        KMeans.Result one = new KMeans(new KMeansParams(8, 2, 42, 1, 256)).fit(data, 20_000, DIM, 32);
        KMeans.Result two = new KMeans(new KMeansParams(8, 2, 42, 2, 256)).fit(data, 20_000, DIM, 32);
        KMeans.Result again = new KMeans(new KMeansParams(8, 2, 42, 2, 256)).fit(data, 20_000, DIM, 32);
        assertThat(two.centroids()).containsExactly(one.centroids());
        assertThat(again.centroids()).containsExactly(two.centroids());
        assertThat(two.inertia()).isEqualTo(one.inertia());
        KMeans.Result other = new KMeans(new KMeansParams(8, 2, 43, 2, 256)).fit(data, 20_000, DIM, 32);
        assertThat(other.centroids()).isNotEqualTo(one.centroids());
    }

    @Test
    void moreRestartsNeverIncreaseInertia() {
        float[] data = new SyntheticVectors(DIM, 20, 0.5f, 2).generate(5_000, 0);
        double once = new KMeans(new KMeansParams(10, 1, 5, 1, 256))
                .fit(data, 5_000, DIM, 24)
                .inertia();
        double thrice = new KMeans(new KMeansParams(10, 3, 5, 1, 256))
                .fit(data, 5_000, DIM, 24)
                .inertia();
        assertThat(thrice).isLessThanOrEqualTo(once);
    }

    @Test
    void emptyClusterIsRefilledBySplittingTheLargest() {
        // Two points at 0, six at 10: clusters 0 and 1 share the big group, cluster 2 got nothing.
        float[] x = {0, 0, 10, 10, 10, 10, 10, 10};
        int[] assign = {0, 0, 1, 1, 1, 1, 1, 1};
        float[] centroids = KMeans.update(x, 8, 1, 3, assign);
        assertThat(centroids[0]).isEqualTo(0f);
        // The largest cluster (1, six points) was split: both halves sit just either side of 10.
        assertThat(centroids[1]).isNotEqualTo(centroids[2]);
        assertThat(centroids[1]).isCloseTo(10f, org.assertj.core.data.Offset.offset(0.1f));
        assertThat(centroids[2]).isCloseTo(10f, org.assertj.core.data.Offset.offset(0.1f));
    }

    @Test
    void duplicatePointsStillGiveKCentroidsWithoutEmptyOnes() {
        // Only 3 distinct points for k = 8: seeding must pick duplicates and the repair must keep all clusters used.
        float[] x = new float[300];
        for (int i = 0; i < 300; i++) {
            x[i] = i % 3;
        }
        KMeans.Result r = new KMeans(new KMeansParams(5, 1, 1, 1, 256)).fit(x, 300, 1, 8);
        assertThat(r.centroids()).hasSize(8);
        assertThat(r.inertia()).isLessThan(1e-3);
    }
}
