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

/** The flat PQ scan's inner loop: ADC scores of a block of codes, as stored bytes and as table positions. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdcScanBenchmark {
    static final int CODES = 4096;

    @Param({"32", "64"})
    int m;

    byte[] codes;
    char[] positions;
    float[] table;
    float[] out = new float[CODES];

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(1);
        codes = new byte[CODES * m];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) random.nextInt(256);
        }
        positions = Kernels.tablePositions(codes, m);
        table = new float[m * 256];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float[] scalarBytes() {
        ScalarKernels.adcScan(codes, 0, CODES, m, table, out);
        return out;
    }

    @Benchmark
    public float[] tablePositions() {
        Kernels.adcScanPositions(positions, 0, CODES, m, table, out);
        return out;
    }
}
