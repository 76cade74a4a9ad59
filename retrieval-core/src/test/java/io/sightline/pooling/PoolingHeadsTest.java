package io.sightline.pooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.FeatureMap;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PoolingHeadsTest {

    private final Random random = new Random(7);

    private FeatureMap randomMap(int c, int h, int w, boolean signed) {
        float[] data = new float[c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = signed ? (float) random.nextGaussian() : random.nextFloat() * 6f;
        }
        return new FeatureMap("test", c, h, w, data);
    }

    @RepeatedTest(20)
    void macIsThePerChannelMaximum() {
        FeatureMap m = randomMap(1 + random.nextInt(16), 1 + random.nextInt(9), 1 + random.nextInt(9), true);
        float[] v = new Mac().pool(m);
        for (int c = 0; c < m.channels(); c++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    max = Math.max(max, m.get(c, y, x));
                }
            }
            assertThat(v[c]).isEqualTo(max);
        }
    }

    @RepeatedTest(20)
    void rmacWithOneLevelOnASquareMapIsNormalisedMac() {
        int s = 1 + random.nextInt(12);
        FeatureMap m = randomMap(8, s, s, true);
        float[] mac = Vectors.l2normalize(new Mac().pool(m));
        assertThat(new RMac(1).pool(m)).containsExactly(mac, within(1e-6f));
    }

    @RepeatedTest(50)
    void rmacOutputHasUnitNormAndIgnoresPositiveScale() {
        FeatureMap m = randomMap(1 + random.nextInt(32), 1 + random.nextInt(20), 1 + random.nextInt(20), true);
        RMac head = new RMac(1 + random.nextInt(4));
        float[] v = head.pool(m);
        assertThat(Vectors.norm(v)).isCloseTo(1.0, within(1e-5));
        float[] scaled = m.data().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 3.5f;
        }
        float[] w = head.pool(new FeatureMap("s", m.channels(), m.height(), m.width(), scaled));
        assertThat(w).containsExactly(v, within(1e-5f));
    }

    @Test
    void rmacAppliesTheRegionHookOncePerRegion() {
        FeatureMap m = randomMap(4, 12, 16, false);
        AtomicInteger calls = new AtomicInteger();
        RMac head = new RMac(
                3,
                v -> {
                    calls.incrementAndGet();
                    return v;
                },
                "+w");
        float[] hooked = head.pool(m);
        assertThat(calls.get()).isEqualTo(RegionGrid.tolias(12, 16, 3).size());
        assertThat(hooked).containsExactly(new RMac(3).pool(m), within(1e-6f));
        assertThat(head.name()).isEqualTo("rmac-l3+w");
        assertThat(new RMac(3).name()).isEqualTo("rmac-l3");
    }

    @Test
    void gemWithPowerOneIsAveragePoolingOfPositiveMaps() {
        FeatureMap m = randomMap(5, 4, 6, false);
        float[] v = new Gem(1).pool(m);
        for (int c = 0; c < 5; c++) {
            double sum = 0;
            for (int i = 0; i < 24; i++) {
                sum += Math.max(m.data()[c * 24 + i], 1e-6f);
            }
            assertThat(v[c]).isCloseTo((float) (sum / 24), within(1e-5f));
        }
    }

    @Test
    void gemLiesBetweenMeanAndMaxAndApproachesMacForLargePowers() {
        FeatureMap m = randomMap(6, 5, 5, false);
        float[] mac = new Mac().pool(m);
        float[] avg = new Gem(1).pool(m);
        float[] gem3 = new Gem(3).pool(m);
        float[] gem200 = new Gem(200).pool(m);
        for (int c = 0; c < 6; c++) {
            assertThat(gem3[c]).isBetween(avg[c], mac[c]);
            assertThat(gem200[c]).isCloseTo(mac[c], within(0.1f * mac[c]));
        }
        assertThat(new Gem(3).name()).isEqualTo("gem-p3");
        assertThat(new Gem(2.5).name()).isEqualTo("gem-p2.5");
    }

    @Test
    void vectorsHelpers() {
        float[] v = {3, 4};
        assertThat(Vectors.l2normalize(v)).containsExactly(0.6f, 0.8f);
        assertThat(Vectors.dot(new float[] {1, 2, 3}, new float[] {4, 5, 6})).isEqualTo(32.0);
        assertThat(Vectors.l2normalize(new float[] {0, 0})).containsExactly(0f, 0f);
    }
}
