package io.sightline.pooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RegionGridTest {

    private final Random random = new Random(42);

    @Test
    void matchesCirtorchOnA12x16Map() {
        // Worked by hand from cirtorch.layers.functional.rmac: w = 12, the overlap criterion picks 2 regions
        // on the long side at level 1 (Wd = 1); sides 12, 8, 6.
        List<Region> expected = List.of(
                new Region(0, 0, 16, 12),
                new Region(0, 0, 12, 12),
                new Region(4, 0, 12, 12),
                new Region(0, 0, 8, 8),
                new Region(4, 0, 8, 8),
                new Region(8, 0, 8, 8),
                new Region(0, 4, 8, 8),
                new Region(4, 4, 8, 8),
                new Region(8, 4, 8, 8),
                new Region(0, 0, 6, 6),
                new Region(3, 0, 6, 6),
                new Region(6, 0, 6, 6),
                new Region(10, 0, 6, 6),
                new Region(0, 3, 6, 6),
                new Region(3, 3, 6, 6),
                new Region(6, 3, 6, 6),
                new Region(10, 3, 6, 6),
                new Region(0, 6, 6, 6),
                new Region(3, 6, 6, 6),
                new Region(6, 6, 6, 6),
                new Region(10, 6, 6, 6));
        assertThat(RegionGrid.tolias(12, 16, 3)).containsExactlyElementsOf(expected);
    }

    @Test
    void portraitMapsPutTheExtraRegionsOnTheRows() {
        List<Region> regions = RegionGrid.tolias(16, 12, 3);
        assertThat(regions).hasSize(21);
        assertThat(regions.get(1)).isEqualTo(new Region(0, 0, 12, 12));
        assertThat(regions.get(2)).isEqualTo(new Region(0, 4, 12, 12));
    }

    @Test
    void squareMapsHaveLSquaredRegionsPerLevel() {
        List<Region> regions = RegionGrid.tolias(10, 10, 3);
        assertThat(regions).hasSize(1 + 1 + 4 + 9);
        assertThat(regions.get(0)).isEqualTo(regions.get(1));
    }

    @RepeatedTest(200)
    void everyRegionLiesInsideTheMapAndLevelsHaveConsistentCounts() {
        int h = 1 + random.nextInt(40);
        int w = 1 + random.nextInt(40);
        int levels = 1 + random.nextInt(5);
        List<Region> regions = RegionGrid.tolias(h, w, levels);
        assertThat(regions.getFirst()).isEqualTo(new Region(0, 0, w, h));
        for (Region r : regions) {
            assertThat(r.x() + r.width()).as("%s in %dx%d", r, h, w).isLessThanOrEqualTo(w);
            assertThat(r.y() + r.height()).as("%s in %dx%d", r, h, w).isLessThanOrEqualTo(h);
        }
        // Level l has l regions on the short side and l + d on the long one, d in 1..6 shared by all levels
        // (d = 0 for squares): some d must reproduce the exact sequence of region sides.
        List<Integer> sides =
                regions.subList(1, regions.size()).stream().map(Region::width).toList();
        boolean matched = false;
        for (int d = h == w ? 0 : 1; d <= (h == w ? 0 : 6) && !matched; d++) {
            List<Integer> expected = new java.util.ArrayList<>();
            for (int l = 1; l <= levels; l++) {
                int side = (int) Math.floor(2.0 * Math.min(h, w) / (l + 1));
                for (int i = 0; side > 0 && i < l * (l + d); i++) {
                    expected.add(side);
                }
            }
            matched = expected.equals(sides);
        }
        assertThat(matched)
                .as("level structure of %dx%d L=%d: %s", h, w, levels, regions)
                .isTrue();
        assertThat(regions.stream().skip(1).allMatch(r -> r.width() == r.height()))
                .isTrue();
    }

    @Test
    void rejectsEmptyMaps() {
        assertThatThrownBy(() -> RegionGrid.tolias(0, 5, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
