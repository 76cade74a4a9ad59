package io.sightline.benchmarks;

import io.sightline.backbone.FeatureMap;
import io.sightline.pooling.Mac;
import io.sightline.pooling.RMac;
import io.sightline.pooling.Region;
import io.sightline.pooling.RegionGrid;
import io.sightline.pooling.RegionVectors;
import io.sightline.pooling.Vectors;
import io.sightline.whitening.Whitening;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The descriptor head on the map a 512-px photo gives ({@code features_17}: 320 x 12 x 16): R-MAC region pooling
 * (scalar channel-major loop vs vectorised channels-last), whitening of the result (the former double-precision
 * loop vs the vectorised rows) and the whole R-MAC head.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolingBenchmark {
    static final int CHANNELS = 320;

    FeatureMap map;
    List<Region> grid;
    Whitening whitening;
    float[] mean;
    float[] projection;
    float[] descriptor;
    RMac rmac = new RMac(3);

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(3);
        float[] data = new float[CHANNELS * 12 * 16];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.max(0, random.nextDouble(-1, 2));
        }
        map = new FeatureMap("features_17", CHANNELS, 12, 16, data);
        grid = RegionGrid.tolias(12, 16, 3);
        mean = new float[CHANNELS];
        projection = new float[CHANNELS * CHANNELS];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = (float) random.nextDouble(-1, 1);
        }
        whitening = new Whitening(mean, projection, CHANNELS, "bench");
        descriptor = rmac.pool(map);
    }

    @Benchmark
    public List<float[]> regionsScalar() {
        List<float[]> out = new ArrayList<>(grid.size());
        for (Region r : grid) {
            out.add(Vectors.l2normalize(Mac.regionMax(map, r)));
        }
        return out;
    }

    @Benchmark
    public RegionVectors regionsVector() {
        return RegionVectors.of(map, 3);
    }

    @Benchmark
    public float[] whiteningScalarDouble() {
        double[] centred = new double[CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            centred[i] = descriptor[i] - mean[i];
        }
        float[] out = new float[CHANNELS];
        for (int r = 0; r < CHANNELS; r++) {
            double s = 0;
            for (int i = 0; i < CHANNELS; i++) {
                s += projection[r * CHANNELS + i] * centred[i];
            }
            out[r] = (float) s;
        }
        return out;
    }

    @Benchmark
    public float[] whiteningVector() {
        return whitening.apply(descriptor);
    }

    @Benchmark
    public float[] rmacHead() {
        return rmac.pool(map);
    }
}
