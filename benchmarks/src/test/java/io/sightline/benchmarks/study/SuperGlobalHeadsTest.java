package io.sightline.benchmarks.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.FeatureMap;
import io.sightline.pooling.RMac;
import io.sightline.pooling.Vectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The study's SuperGlobal heads: Regional-GeM tends to R-MAC as its power grows (max is GeM's limit), and the
 * authors' Regional-GeM filter leaves a constant map unchanged (its L^p mean of equal values is that value).
 */
class SuperGlobalHeadsTest {

    private static FeatureMap random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] data = new float[c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 2 - 0.5);
        }
        return new FeatureMap("features_17", c, h, w, data);
    }

    @Test
    void regionalGemWithALargePowerIsRmac() {
        FeatureMap map = random(32, 12, 16, 1);
        float[] rgem = SuperGlobalRemapStudy.regionalGem(map, 200);
        float[] rmac = new RMac(3).pool(map);
        assertThat(Vectors.dot(rgem, rmac)).isGreaterThan(0.9999);
        assertThat(Vectors.dot(SuperGlobalRemapStudy.regionalGem(map, 3), rmac)).isLessThan(Vectors.dot(rgem, rmac));
    }

    @Test
    void filterKeepsAConstantMap() {
        float[] data = new float[4 * 5 * 7];
        java.util.Arrays.fill(data, 1.7f);
        FeatureMap out = SuperGlobalRemapStudy.sgFilter(new FeatureMap("f", 4, 5, 7, data));
        for (float v : out.data()) {
            assertThat(v).isCloseTo(1.7f, within(1e-5f));
        }
    }
}
