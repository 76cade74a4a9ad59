package io.sightline.pooling;

import java.util.ArrayList;
import java.util.List;

/** Region sampling grids for regional pooling. */
public final class RegionGrid {

    /** Desired overlap between neighbouring regions, from Tolias et al. */
    private static final double OVERLAP = 0.4;
    /** Candidate numbers of regions along the long side at level 1. */
    private static final int[] STEPS = {2, 3, 4, 5, 6, 7};

    private RegionGrid() {}

    /**
     * The R-MAC regions of Tolias, Sicre and Jégou (ICLR 2016), in the variant of Radenović's cirtorch
     * ({@code cirtorch.layers.functional.rmac}): first the whole map, then for each level {@code l = 1..L}
     * square regions of side {@code floor(2 min(W,H) / (l+1))}, laid out uniformly with {@code l} regions
     * along the short side and {@code l + d} along the long side, where {@code d} (shared by all levels) makes
     * the level-1 overlap closest to 40 %. Levels whose side would be zero cells are skipped.
     */
    public static List<Region> tolias(int height, int width, int levels) {
        if (height <= 0 || width <= 0 || levels <= 0) {
            throw new IllegalArgumentException(
                    "need a positive map size and level count: " + height + "x" + width + " L=" + levels);
        }
        int w = Math.min(width, height);
        int extra = 0;
        if (width != height) {
            int best = 0;
            double bestErr = Double.MAX_VALUE;
            for (int i = 0; i < STEPS.length; i++) {
                double b = (double) (Math.max(width, height) - w) / (STEPS[i] - 1);
                double err = Math.abs(((double) w * w - w * b) / ((double) w * w) - OVERLAP);
                // Strict '<' keeps the first minimum, as torch.min does.
                if (err < bestErr) {
                    bestErr = err;
                    best = i;
                }
            }
            extra = best + 1;
        }
        int extraW = width > height ? extra : 0;
        int extraH = height > width ? extra : 0;

        List<Region> regions = new ArrayList<>();
        regions.add(new Region(0, 0, width, height));
        for (int l = 1; l <= levels; l++) {
            int side = (int) Math.floor(2.0 * w / (l + 1));
            if (side == 0) {
                continue;
            }
            int[] xs = starts(width, side, l + extraW);
            int[] ys = starts(height, side, l + extraH);
            for (int y : ys) {
                for (int x : xs) {
                    regions.add(new Region(x, y, side, side));
                }
            }
        }
        return regions;
    }

    /** {@code count} start offsets spreading regions of {@code side} uniformly over {@code extent}. */
    private static int[] starts(int extent, int side, int count) {
        double step = count == 1 ? 0 : (double) (extent - side) / (count - 1);
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = (int) Math.floor(i * step);
        }
        return s;
    }
}
