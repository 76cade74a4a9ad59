package io.sightline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.testing.RandomVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardIndexTest {
    private static final int DIM = 32;

    @TempDir
    Path dir;

    /** Invariant: on a small index HNSW is exact, so the top-k equals brute force, and scores are cosines. */
    @Test
    void searchMatchesBruteForceOnRandomVectors() {
        Random random = new Random(42);
        List<float[]> vectors = new ArrayList<>();
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_FLOAT)) {
            long seq = 0;
            for (int i = 0; i < 200; i++) {
                float[] v = randomUnit(random);
                vectors.add(v);
                seq = index.upsert("img-" + i, v, Map.of());
            }
            assertThat(index.awaitSearchable(seq, 5_000)).isTrue();
            for (int q = 0; q < 10; q++) {
                float[] query = randomUnit(random);
                List<SearchHit> hits = index.search(query, 5);
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < vectors.size(); i++) {
                    expected.add(i);
                }
                expected.sort(Comparator.comparingDouble((Integer i) -> -dot(vectors.get(i), query)));
                assertThat(hits)
                        .extracting(SearchHit::imageId)
                        .containsExactlyElementsOf(expected.subList(0, 5).stream()
                                .map(i -> "img-" + i)
                                .toList());
                assertThat(hits.get(0).score())
                        .isCloseTo(
                                (float) dot(vectors.get(expected.get(0)), query),
                                org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(hits).extracting(SearchHit::rank).containsExactly(1, 2, 3, 4, 5);
            }
        }
    }

    /** The stored vector of an indexed image is readable by id (query expansion reads its neighbours'). */
    @Test
    void storedVectorIsReadableById() {
        try (ShardIndex index = ShardIndex.open(dir, 3, VectorFormat.HNSW_FLOAT)) {
            long seq = index.upsert("a1", new float[] {1f, 0f, 0f}, Map.of());
            index.awaitSearchable(seq, 5_000);
            assertThat(index.vector("a1")).get().satisfies(v -> assertThat(v[0]).isGreaterThan(0.99f));
            assertThat(index.vector("missing")).isEmpty();
        }
    }

    /**
     * A shard makes writes searchable at its refresh interval (index.refresh.interval.ms), or at once for a waiter:
     * opened with ten minutes, a write is not seen until someone waits for it.
     */
    @Test
    void writesBecomeSearchableAtTheRefreshIntervalOrWhenAwaited() {
        try (ShardIndex index =
                ShardIndex.open(dir, 3, VectorFormat.HNSW_FLOAT, Quantizers.none(), java.time.Duration.ofMinutes(10))) {
            long seq = index.upsert("a1", new float[] {1f, 0f, 0f}, Map.of());
            assertThat(index.contains("a1")).isFalse();
            assertThat(index.awaitSearchable(seq, 5_000)).isTrue();
            assertThat(index.contains("a1")).isTrue();
        }
        assertThatThrownBy(() -> ShardIndex.open(
                        dir.resolve("zero"), 3, VectorFormat.HNSW_FLOAT, Quantizers.none(), java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refresh interval");
    }

    @Test
    void upsertReplacesAndDeleteRemovesAfterRefresh() {
        Random random = new Random(7);
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_INT8)) {
            float[] a = randomUnit(random);
            float[] b = randomUnit(random);
            index.upsert("x", a, Map.of());
            long seq = index.upsert("y", b, Map.of("album", "paris"));
            index.awaitSearchable(seq, 5_000);
            assertThat(index.count()).isEqualTo(2);
            assertThat(index.search(a, 1).get(0).imageId()).isEqualTo("x");

            seq = index.upsert("x", b, Map.of()); // x now looks like y
            index.awaitSearchable(seq, 5_000);
            assertThat(index.count()).isEqualTo(2);
            assertThat(index.search(b, 2))
                    .extracting(SearchHit::score)
                    .allSatisfy(s -> assertThat(s).isGreaterThan(0.98f));

            seq = index.delete("x");
            index.awaitSearchable(seq, 5_000);
            assertThat(index.contains("x")).isFalse();
            assertThat(index.count()).isEqualTo(1);
            assertThat(index.search(a, 10)).extracting(SearchHit::imageId).containsExactly("y");
        }
    }

    @Test
    void survivesReopen() {
        float[] v = randomUnit(new Random(1));
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_INT8)) {
            index.upsert("kept", v, Map.of());
            index.commit();
        }
        assertThat(ShardIndex.exists(dir)).isTrue();
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_INT8)) {
            assertThat(index.count()).isEqualTo(1);
            assertThat(index.search(v, 1).get(0).imageId()).isEqualTo("kept");
        }
    }

    /**
     * A streaming shard keeps the small segments its refreshes flush in memory (NRTCachingDirectory): searchable at
     * once, on disk from the next commit. What a commit made durable is what a reader of the folder alone sees, so
     * a crash before the commit loses only what Kafka replays from the uncommitted offsets.
     */
    @Test
    void refreshedSegmentsReachTheDiskAtTheCommit() throws Exception {
        float[] v = randomUnit(new Random(3));
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_INT8)) {
            index.upsert("committed", v, Map.of());
            index.commit();
            java.util.Set<Path> committed = filesOnDisk();
            long seq = index.upsert("refreshed", randomUnit(new Random(4)), Map.of());
            assertThat(index.awaitSearchable(seq, 5_000)).isTrue();
            assertThat(index.contains("refreshed")).isTrue();
            assertThat(filesOnDisk())
                    .as("the refreshed segment is in memory until the next commit")
                    .isEqualTo(committed);
            index.commit();
            assertThat(filesOnDisk()).isNotEqualTo(committed);
            assertThat(docsOnDisk()).isEqualTo(2);
        }
    }

    private java.util.Set<Path> filesOnDisk() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Documents in the folder's last commit, read with a plain FSDirectory beside the open writer. */
    private int docsOnDisk() throws java.io.IOException {
        try (var fs = org.apache.lucene.store.FSDirectory.open(dir);
                var reader = org.apache.lucene.index.DirectoryReader.open(fs)) {
            return reader.numDocs();
        }
    }

    @Test
    void rejectsWrongDimension() {
        try (ShardIndex index = ShardIndex.open(dir, DIM, VectorFormat.HNSW_INT8)) {
            assertThatThrownBy(() -> index.upsert("bad", new float[DIM + 1], Map.of()))
                    .hasMessageContaining("bad")
                    .hasMessageContaining(String.valueOf(DIM));
        }
    }

    @Test
    void mergeKeepsGlobalTopK() {
        List<SearchHit> a = List.of(new SearchHit("a1", 0.9f, 1), new SearchHit("a2", 0.5f, 2));
        List<SearchHit> b = List.of(new SearchHit("b1", 0.7f, 1), new SearchHit("b2", 0.6f, 2));
        assertThat(TopHits.merge(List.of(a, b), 3))
                .containsExactly(
                        new SearchHit("a1", 0.9f, 1), new SearchHit("b1", 0.7f, 2), new SearchHit("b2", 0.6f, 3));
    }

    static float[] randomUnit(Random random) {
        return RandomVectors.unit(random, DIM);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
