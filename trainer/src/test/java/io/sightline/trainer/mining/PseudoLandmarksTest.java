package io.sightline.trainer.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pseudo-landmarks are the connected components of positive pairs; the held-out split is by landmark and seeded. */
class PseudoLandmarksTest {

    private static MinedPairs.Pair pair(int i, int j) {
        return new MinedPairs.Pair(i, j, 0.5, 40);
    }

    @Test
    void componentsOfPositivePairsAreLandmarksAndLoneImagesGetNone() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g");
        // a-b-c chain (transitive), d-e, f and g alone.
        MinedPairs mined =
                new MinedPairs(names, List.of(), List.of(pair(0, 1), pair(1, 2), pair(3, 4)), List.of(pair(5, 6)));

        PseudoLandmarks p = PseudoLandmarks.of(mined);

        assertThat(p.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "a",
                        "pseudo-0000",
                        "b",
                        "pseudo-0000",
                        "c",
                        "pseudo-0000",
                        "d",
                        "pseudo-0001",
                        "e",
                        "pseudo-0001"));
        assertThat(p.sizes()).containsExactly(3, 2);
    }

    @Test
    void theSplitKeepsWholeLandmarksOnOneSideAndIsSeeded() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        MinedPairs mined =
                new MinedPairs(names, List.of(), List.of(pair(0, 1), pair(2, 3), pair(4, 5), pair(6, 7)), List.of());
        PseudoLandmarks p = PseudoLandmarks.of(mined);

        PseudoLandmarks.Split split = p.split(0.25, 42);

        assertThat(split.heldOut().sizes()).containsExactly(2);
        assertThat(split.train().sizes()).containsExactly(2, 2, 2);
        assertThat(split.train().labels().values())
                .doesNotContainAnyElementsOf(split.heldOut().labels().values());
        assertThat(p.split(0.25, 42)).isEqualTo(split);
    }

    @Test
    void purityCountsOnlyImagesWithAKnownLandmark() {
        List<String> names = List.of("e1", "e2", "l1", "x");
        MinedPairs mined = new MinedPairs(names, List.of(), List.of(pair(0, 1), pair(1, 2), pair(2, 3)), List.of());
        PseudoLandmarks p = PseudoLandmarks.of(mined);

        MiningReport r = MiningReport.of(mined, p, Map.of("e1", "eiffel", "e2", "eiffel", "l1", "louvre"));

        // e1-e2 right, e2-l1 wrong; l1-x has no known landmark for x.
        assertThat(r.pairs()).isEqualTo(2);
        assertThat(r.pairPrecision()).isEqualTo(0.5);
        assertThat(r.pairRecall()).isEqualTo(1.0);
        assertThat(r.labelled()).isEqualTo(3);
        assertThat(r.labelPurity()).isEqualTo(2.0 / 3);
    }
}
