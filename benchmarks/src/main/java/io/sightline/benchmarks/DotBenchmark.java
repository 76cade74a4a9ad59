package io.sightline.benchmarks;

import io.sightline.pooling.Vectors;
import io.sightline.pq.Kernels;
import io.sightline.pq.ProductQuantizer;
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

/** Dot products (exact scoring, re-ranking, whitening rows) and the per-query ADC table they feed. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DotBenchmark {
    @Param({"320", "1280"})
    int dim;

    float[] a;
    float[] b;
    ProductQuantizer pq;
    float[] table;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(2);
        a = random(random, dim);
        b = random(random, dim);
        int m = dim / 10;
        pq = new ProductQuantizer(dim, m, random(random, m * ProductQuantizer.CENTROIDS * (dim / m)));
        table = new float[m * ProductQuantizer.CENTROIDS];
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        return v;
    }

    @Benchmark
    public float scalarFloat() {
        return ScalarKernels.dot(a, 0, b, 0, dim);
    }

    @Benchmark
    public double scalarDouble() {
        return Vectors.dot(a, b);
    }

    @Benchmark
    public float vector() {
        return Kernels.dot(a, 0, b, 0, dim);
    }

    @Benchmark
    public float[] adcTable() {
        pq.adcTable(a, table);
        return table;
    }
}
