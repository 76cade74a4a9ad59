package io.sightline.pooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.FeatureMap;
import io.sightline.whitening.Whitening;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RemapAndHeadsTest {

    private final Random random = new Random(3);

    private FeatureMap randomMap(String layer, int c, int h, int w) {
        float[] data = new float[c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 6f;
        }
        return new FeatureMap(layer, c, h, w, data);
    }

    @Test
    void spocIsTheChannelMeanOfAWorkedMap() {
        // 2 channels of 2x2: [1 2; 3 4] and [-1 1; 0 8].
        FeatureMap m = new FeatureMap("t", 2, 2, 2, new float[] {1, 2, 3, 4, -1, 1, 0, 8});
        assertThat(new Spoc().pool(m)).containsExactly(2.5f, 2f);
        assertThat(new Mac().pool(m)).containsExactly(4f, 8f);
    }

    @Test
    void regionVectorsCarryTheirGridLevel() {
        RegionVectors rv = RegionVectors.of(randomMap("t", 3, 12, 16), 3);
        // 12x16: 1 whole map, then 2, 6 and 12 regions (see RegionGridTest).
        assertThat(rv.levels()).containsExactly(0, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
        assertThat(Vectors.norm(rv.vectors().get(5))).isCloseTo(1.0, within(1e-6));
        // A 2x2 map gives levels 1..3 all with side 1 or 2; the level of each region must still follow the grid.
        RegionVectors small = RegionVectors.of(randomMap("t", 3, 2, 2), 3);
        assertThat(small.levels()).containsExactly(0, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3);
    }

    @Test
    void remapWithUniformWeightsOnOneLayerIsRmac() {
        FeatureMap m = randomMap("f", 8, 9, 13);
        Remap remap = new Remap(List.of("f"), 3, RemapWeights.uniform(List.of("f"), 3), Optional.empty());
        assertThat(remap.describe(Map.of("f", m))).containsExactly(new RMac(3).pool(m), within(1e-6f));
        assertThat(GlobalHead.of("f", new RMac(3)).describe(Map.of("f", m))).containsExactly(new RMac(3).pool(m));
    }

    @Test
    void remapConcatenatesWeightedLayerBlocksAndWhitens() {
        FeatureMap a = randomMap("a", 4, 6, 8);
        FeatureMap b = randomMap("b", 6, 3, 4);
        RemapWeights w = new RemapWeights(
                Map.of("a", new double[] {1, 0, 0}, "b", new double[] {1, 1, 1}), Map.of("a", 0.5, "b", 1.0));
        Remap remap = new Remap(List.of("a", "b"), 2, w, Optional.empty());
        float[] concat = remap.concatenate(Map.of("a", RegionVectors.of(a, 2), "b", RegionVectors.of(b, 2)));
        assertThat(concat).hasSize(10);
        // Block a keeps only the whole-map level: 0.5 * L2(MAC); block b is R-MAC L2 of b.
        float[] mac = Vectors.l2normalize(new Mac().pool(a));
        for (int i = 0; i < 4; i++) {
            assertThat(concat[i]).isCloseTo(0.5f * mac[i], within(1e-6f));
        }
        float[] rmacB = new RMac(2).pool(b);
        for (int i = 0; i < 6; i++) {
            assertThat(concat[4 + i]).isCloseTo(rmacB[i], within(1e-6f));
        }
        Remap whitened = new Remap(List.of("a", "b"), 2, w, Optional.of(Whitening.identity(10)));
        assertThat(whitened.describe(Map.of("a", a, "b", b)))
                .containsExactly(Vectors.l2normalize(concat.clone()), within(1e-6f));
        assertThat(whitened.name()).isEqualTo("remap-l2-a+b+id");
    }

    @Test
    void klGainOfWorkedDistanceDistributions() {
        // Class x at 0 and 0.1, class y at 1 and 1.1 on a line: matching distances {0.1, 0.1}, non-matching
        // {1, 1.1, 0.9, 1}: means 0.1 vs 1, so the gain is large; shuffled labels give a small one.
        List<float[]> vs = List.of(new float[] {0}, new float[] {0.1f}, new float[] {1}, new float[] {1.1f});
        PairSeparation.Stats s = PairSeparation.of(vs, List.of("x", "x", "y", "y"));
        assertThat(s.matchMean()).isCloseTo(0.1, within(1e-6));
        assertThat(s.nonMatchMean()).isCloseTo(1.0, within(1e-6));
        assertThat(s.symmetricKl()).isGreaterThan(100);
        assertThat(s.informationGain()).isEqualTo(s.symmetricKl());
        // Labels x y y x: matching distances {1.1, 0.9} (mean 1, variance 0.01), non-matching {0.1, 1, 1, 0.1}
        // (mean 0.55, variance 0.2025): KL = ((0.01 + d2) / 0.2025 + (0.2025 + d2) / 0.01) / 2 - 1 with d2 = 0.2025.
        PairSeparation.Stats wrong = PairSeparation.of(vs, List.of("x", "y", "y", "x"));
        assertThat(wrong.symmetricKl()).isCloseTo(((0.01 + 0.2025) / 0.2025 + 0.405 / 0.01) / 2 - 1, within(1e-4));
        assertThat(wrong.informationGain()).isZero();
        assertThat(new PairSeparation.Stats(0, 1, 0, 1).symmetricKl()).isCloseTo(0, within(1e-12));
    }

    @Test
    void learnerWeightsTheInformativeLayerHigher() {
        // Layer "good" is a class signal plus noise; layer "noise" is noise only.
        List<Map<String, RegionVectors>> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int cls = i % 3;
            float[] good = new float[4 * 4 * 4];
            for (int j = 0; j < good.length; j++) {
                good[j] = (j / 16 == cls ? 5f : 0f) + random.nextFloat();
            }
            images.add(Map.of(
                    "good",
                    RegionVectors.of(new FeatureMap("good", 4, 4, 4, good), 2),
                    "noise",
                    RegionVectors.of(randomMap("noise", 4, 4, 4), 2)));
            labels.add("c" + cls);
        }
        RemapWeights w = new RemapWeightLearner(List.of("good", "noise"), 2).learn(images, labels);
        assertThat(w.layerWeight("good")).isEqualTo(1.0);
        assertThat(w.layerWeight("noise")).isLessThan(0.2);
        assertThat(w.levelWeights().get("good")).hasSize(3);
    }

    @Test
    void gemPowerSelectorPicksACandidate() {
        List<FeatureMap> maps = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] d = new float[3 * 5 * 5];
            for (int j = 0; j < d.length; j++) {
                d[j] = random.nextFloat();
            }
            // Class 0 has one strong cell in channel 0: a peak only high powers see.
            d[(i % 2 == 0 ? 0 : 1) * 25 + random.nextInt(25)] = 20f;
            maps.add(new FeatureMap("t", 3, 5, 5, d));
            labels.add("c" + i % 2);
        }
        double p = new GemPowerSelector(List.of(1.0, 8.0)).select(maps, labels);
        assertThat(p).isEqualTo(8.0);
    }
}
