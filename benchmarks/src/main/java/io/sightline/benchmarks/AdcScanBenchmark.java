package io.sightline.benchmarks;

import io.sightline.pq.AdcKernels;
import io.sightline.pq.ScalarKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The flat PQ scan's inner loop over {@code codes} codes in blocks of 256, as FlatPqScan runs it: the generated
 * unrolled kernel over bytes (what the flat and IVF scans use, with a threshold no code reaches, so every code is
 * scored and none collected), the plain loop over bytes (scalar reference), and the 16-bit table positions the scans
 * used before decision 022 (kept here as the baseline). 4096 codes stay in L2; 2^20 codes (32 MB of bytes, 64 MB of
 * positions at m=32) stream from memory, as at the 1M bar. Divide by codes for ns/code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdcScanBenchmark {
    static final int BLOCK = 256;

    @Param({"32", "64"})
    int m;

    @Param({"4096", "1048576"})
    int codes;

    byte[] bytes;
    char[] positions;
    float[] table;
    float[] out = new float[BLOCK];
    int[] hits = new int[BLOCK];

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(1);
        bytes = new byte[codes * m];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        positions = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            positions[i] = (char) (((i % m) << 8) | (bytes[i] & 0xFF));
        }
        table = new float[m * 256];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float scalarBytes() {
        float best = Float.NEGATIVE_INFINITY;
        for (int from = 0; from < codes; from += BLOCK) {
            ScalarKernels.adcScan(bytes, from, BLOCK, m, table, out);
            best = Math.max(best, out[0]);
        }
        return best;
    }

    @Benchmark
    public int unrolledBytes() {
        int found = 0;
        for (int from = 0; from < codes; from += BLOCK) {
            found += AdcKernels.scanAbove(bytes, from, BLOCK, m, table, Float.MAX_VALUE, hits, out);
        }
        return found;
    }

    @Benchmark
    public float tablePositions() {
        float best = Float.NEGATIVE_INFINITY;
        for (int from = 0; from < codes; from += BLOCK) {
            positionsScan(from);
            best = Math.max(best, out[0]);
        }
        return best;
    }

    /** The pre-022 kernel: codes expanded to {@code 256 j + code[j]} as chars, four codes in flight. */
    private void positionsScan(int first) {
        for (int i = 0; i < BLOCK; i += 4) {
            int p0 = (first + i) * m;
            int p1 = p0 + m;
            int p2 = p1 + m;
            int p3 = p2 + m;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            for (int j = 0; j < m; j++) {
                s0 += table[positions[p0 + j]];
                s1 += table[positions[p1 + j]];
                s2 += table[positions[p2 + j]];
                s3 += table[positions[p3 + j]];
            }
            out[i] = s0;
            out[i + 1] = s1;
            out[i + 2] = s2;
            out[i + 3] = s3;
        }
    }
}
