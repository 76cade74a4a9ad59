package io.sightline.pooling;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.FeatureMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Invariant: the vectorised pooling gives exactly the scalar per-channel maxima, for any shape and region. */
class RegionMaxPoolTest {
    private final Random random = new Random();

    @RepeatedTest(20)
    void equalsTheScalarReferenceOnRandomMapsAndRegions() {
        long seed = random.nextLong();
        Random r = new Random(seed);
        int channels = 1 + r.nextInt(70);
        int h = 1 + r.nextInt(20);
        int w = 1 + r.nextInt(20);
        float[] data = new float[channels * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        FeatureMap map = new FeatureMap("f", channels, h, w, data);
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            regions.add(new Region(x, y, 1 + r.nextInt(w - x), 1 + r.nextInt(h - y)));
        }
        float[][] maxima = RegionMaxPool.maxima(map, regions);
        for (int i = 0; i < regions.size(); i++) {
            assertThat(maxima[i])
                    .as("seed %d region %s", seed, regions.get(i))
                    .containsExactly(Mac.regionMax(map, regions.get(i)));
        }
    }

    @Test
    void theToliasGridOfARealSizedMapMatchesToo() {
        Random r = new Random(3);
        float[] data = new float[320 * 12 * 16];
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.max(0, (float) r.nextGaussian());
        }
        FeatureMap map = new FeatureMap("features_17", 320, 12, 16, data);
        List<Region> grid = RegionGrid.tolias(12, 16, 3);
        float[][] maxima = RegionMaxPool.maxima(map, grid);
        for (int i = 0; i < grid.size(); i++) {
            assertThat(maxima[i]).containsExactly(Mac.regionMax(map, grid.get(i)));
        }
    }
}
