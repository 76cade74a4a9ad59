package io.sightline.trainer.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.testing.SharedData;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NoisyLandmarkSetTest {

    private static NoisyLandmarkSet build(long seed) {
        return NoisyLandmarkSet.build(SharedData.parisGroundTruth(), SharedData.parisImages(), 0.2, 0.1, seed);
    }

    @Test
    void relabelsTheAskedShareAndAddsUnrelatedImagesAllWithWrongLabels() {
        NoisyLandmarkSet set = build(42);
        NoisyLandmarkSet clean =
                NoisyLandmarkSet.build(SharedData.parisGroundTruth(), SharedData.parisImages(), 0, 0, 42);
        int positives = clean.items().size();

        assertThat(clean.noise()).isEmpty();
        assertThat(set.items().stream().map(LabelledItem::label).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("defense", "eiffel", "invalides", "louvre", "moulinrouge");
        assertThat(set.noise()).hasSize((int) Math.round(0.2 * positives) + (int) Math.round(0.1 * positives));
        assertThat(set.items()).hasSize(positives + (int) Math.round(0.1 * positives));
        for (LabelledItem item : set.items()) {
            boolean namedAfterLabel = item.imageId().startsWith("paris_" + item.label() + "_");
            if (set.noise().contains(item.imageId())) {
                assertThat(namedAfterLabel).as(item.toString()).isFalse();
            }
        }
        Set<String> cleanLabels =
                clean.items().stream().map(i -> i.imageId() + "/" + i.label()).collect(Collectors.toSet());
        set.items().stream()
                .filter(i -> !set.noise().contains(i.imageId()))
                .forEach(i -> assertThat(cleanLabels).contains(i.imageId() + "/" + i.label()));
    }

    @Test
    void theSameSeedGivesTheSameSet() {
        assertThat(build(7)).isEqualTo(build(7));
        assertThat(build(7).noise()).isNotEqualTo(build(8).noise());
    }
}
