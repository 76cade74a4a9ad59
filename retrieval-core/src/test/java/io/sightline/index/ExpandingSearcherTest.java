package io.sightline.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.QueryExpansion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpandingSearcherTest {
    @TempDir
    Path dir;

    private static float[] unit(float... v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    /**
     * A query close to a cluster but slightly closer to an outlier: expansion from its first-round neighbours pulls
     * it into the cluster, so the cluster's members outrank the outlier.
     */
    @Test
    void expansionPullsTheQueryTowardsItsNeighbours() {
        try (ShardIndex index = ShardIndex.open(dir, 3, VectorFormat.HNSW_FLOAT)) {
            index.upsert("a1", unit(1f, 0.10f, 0f), Map.of());
            index.upsert("a2", unit(1f, 0.12f, 0f), Map.of());
            index.upsert("a3", unit(1f, 0.14f, 0f), Map.of());
            long seq = index.upsert("outlier", unit(1f, -0.30f, 0.2f), Map.of());
            index.awaitSearchable(seq, 5_000);
            float[] query = unit(1f, -0.12f, 0.05f);

            assertThat(index.search(query, 1).get(0).imageId()).isEqualTo("outlier");
            assertThat(index.vector("a1")).get().satisfies(v -> assertThat(v[0]).isGreaterThan(0.99f));
            assertThat(index.vector("missing")).isEmpty();

            ExpandingSearcher expanding = new ExpandingSearcher(index, index::vector, new AlphaQueryExpansion(3, 0), 3);
            List<SearchHit> hits = expanding.search(query, 4);
            assertThat(hits.get(0).imageId()).startsWith("a");
            assertThat(hits).extracting(SearchHit::rank).containsExactly(1, 2, 3, 4);

            ExpandingSearcher none = new ExpandingSearcher(index, index::vector, QueryExpansion.none(), 3);
            assertThat(none.search(query, 1).get(0).imageId()).isEqualTo("outlier");
        }
    }
}
