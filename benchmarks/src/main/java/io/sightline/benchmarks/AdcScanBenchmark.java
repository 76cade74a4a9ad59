package io.sightline.benchmarks;

import io.sightline.pq.Kernels;
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
 * The flat PQ scan's inner loop over {@code codes} codes in blocks of 256, as FlatPqScan runs it: stored bytes
 * (scalar reference) and 16-bit table positions (what the flat and IVF scans use). 4096 codes stay in L2; 2^20 codes
 * (32 MB of bytes, 64 MB of positions at m=32) stream from memory, as at the 1M bar. Divide by codes for ns/code.
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

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(1);
        bytes = new byte[codes * m];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        positions = Kernels.tablePositions(bytes, m);
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
    public float tablePositions() {
        float best = Float.NEGATIVE_INFINITY;
        for (int from = 0; from < codes; from += BLOCK) {
            Kernels.adcScanPositions(positions, from, BLOCK, m, table, out);
            best = Math.max(best, out[0]);
        }
        return best;
    }
}
