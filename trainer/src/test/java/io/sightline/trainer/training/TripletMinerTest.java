package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TripletMinerTest {

    private static float[] unit(double angleDegrees) {
        double a = Math.toRadians(angleDegrees);
        return new float[] {(float) Math.cos(a), (float) Math.sin(a)};
    }

    @Test
    void picksTheNegativeMostSimilarToTheAnchor() {
        // Anchor 0 (label a) at 0 degrees; negatives at 80 (b), 30 (b) and 120 (c): the hardest is the one at 30.
        List<float[]> d = List.of(unit(0), unit(10), unit(80), unit(30), unit(120));
        List<String> labels = List.of("a", "a", "b", "b", "c");
        List<Triplet> triplets = new TripletMiner(new Random(1)).mine(d, labels);
        assertThat(triplets.getFirst()).isEqualTo(new Triplet(0, 1, 3));
        // Image 4 (label c) has no other image of its label: no triplet for it.
        assertThat(triplets).extracting(Triplet::anchor).containsExactly(0, 1, 2, 3);
        // Anchor 2 at 80 degrees (label b): image 4 at 120 (40 degrees away) beats images 0 and 1 (80 and 70 away).
        assertThat(triplets.get(2)).isEqualTo(new Triplet(2, 3, 4));
    }

    @Test
    void positivesComeFromTheSeededRandomAndNeverRepeatTheAnchor() {
        List<float[]> d = List.of(unit(0), unit(5), unit(10), unit(15), unit(90));
        List<String> labels = List.of("a", "a", "a", "a", "b");
        List<Triplet> first = new TripletMiner(new Random(7)).mine(d, labels);
        List<Triplet> again = new TripletMiner(new Random(7)).mine(d, labels);
        assertThat(first).isEqualTo(again);
        assertThat(first).allSatisfy(t -> {
            assertThat(t.positive()).isNotEqualTo(t.anchor());
            assertThat(labels.get(t.positive())).isEqualTo(labels.get(t.anchor()));
        });
    }
}
