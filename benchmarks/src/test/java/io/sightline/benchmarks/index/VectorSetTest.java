package io.sightline.benchmarks.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.index.VectorFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariants of the benchmark's vectors: an .fvecs file reads back as written; held-out queries and the base
 * partition the file's rows (none lost, none in both) the same way for the same seed; and a run on a file measures
 * every mode, OPQ included (exact search is exact, re-ranking only raises PQ recall).
 */
class VectorSetTest {
    private static final int DIM = 16;

    @TempDir
    Path dir;

    private static float[] rows(int n) {
        return VectorSet.synthetic(n, 1, DIM, 7).base();
    }

    @Test
    void fvecsRoundTrips() throws IOException {
        float[] data = rows(50);
        Path file = dir.resolve("v.fvecs");
        VectorSet.writeFvecs(file, data, 50, DIM);
        VectorSet read = VectorSet.readFvecs(file);
        assertThat(read.dim()).isEqualTo(DIM);
        assertThat(read.base()).containsExactly(data);
    }

    @Test
    void heldOutQueriesAndBasePartitionTheRows() throws IOException {
        float[] data = rows(60);
        Path file = dir.resolve("v.fvecs");
        VectorSet.writeFvecs(file, data, 60, DIM);
        VectorSet set = VectorSet.holdOut(file, 12, 3);
        assertThat(set.queryCount()).isEqualTo(12);
        assertThat(set.n()).isEqualTo(48);
        Set<Float> seen = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            seen.add(set.queries()[i * DIM]);
        }
        for (int i = 0; i < 48; i++) {
            seen.add(set.base()[i * DIM]);
        }
        Set<Float> expected = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            expected.add(data[i * DIM]);
        }
        assertThat(expected).hasSize(60);
        assertThat(seen).isEqualTo(expected);
        assertThat(VectorSet.holdOut(file, 12, 3).queries()).containsExactly(set.queries());
        assertThat(VectorSet.holdOut(file, 12, 4).queries()).isNotEqualTo(set.queries());
        assertThatThrownBy(() -> VectorSet.holdOut(file, 60, 3)).hasMessageContaining("cannot hold out 60");
    }

    @Test
    void notAnFvecsFileIsRefusedWithItsName() throws IOException {
        Path file = Files.write(dir.resolve("bad.fvecs"), new byte[] {16, 0, 0, 0, 1, 2, 3});
        assertThatThrownBy(() -> VectorSet.readFvecs(file)).hasMessageContaining("bad.fvecs");
    }

    @Test
    void aRunOnAFileMeasuresEveryMode() throws Exception {
        float[] data = rows(2100);
        Path file = dir.resolve("v.fvecs");
        VectorSet.writeFvecs(file, data, 2100, DIM);
        List<BenchRow> rows = new ArrayList<>();
        new IndexBench(
                        new IndexBench.Config(
                                0,
                                0,
                                40,
                                100,
                                4,
                                8,
                                new int[] {2, 8},
                                200,
                                List.of(VectorFormat.FLAT_INT8),
                                dir.resolve("work"),
                                null,
                                null,
                                1,
                                List.of(),
                                file,
                                2),
                        rows::add)
                .run();
        BenchRow exact =
                rows.stream().filter(r -> r.mode().equals("exact")).findFirst().orElseThrow();
        assertThat(exact.recallAt10()).isEqualTo(1.0);
        BenchRow pq = rows.stream()
                .filter(r -> r.mode().equals("pq") && r.rerank() == null)
                .findFirst()
                .orElseThrow();
        BenchRow reranked = rows.stream()
                .filter(r -> r.mode().equals("pq") && r.rerank() != null)
                .findFirst()
                .orElseThrow();
        assertThat(pq.recallAt10()).isBetween(0.1, 1.0);
        assertThat(reranked.recallAt10()).isGreaterThanOrEqualTo(pq.recallAt10());
        assertThat(rows.stream().filter(r -> r.mode().equals("ivfpq")).count()).isEqualTo(3);
        assertThat(rows.stream().filter(r -> r.mode().equals("opq")).count()).isEqualTo(2);
        assertThat(VectorSet.readFvecs(dir.resolve("work/base.fvecs")).n()).isEqualTo(2060);
    }
}
