package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;

/** Maximum activation per channel over the whole map (Tolias et al.'s MAC), not normalised. */
public final class Mac implements PoolingHead {

    @Override
    public String name() {
        return "mac";
    }

    @Override
    public float[] pool(FeatureMap map) {
        return regionMax(map, new Region(0, 0, map.width(), map.height()));
    }

    /** Per-channel maximum over one region; shared with R-MAC. */
    public static float[] regionMax(FeatureMap map, Region r) {
        if (r.x() + r.width() > map.width() || r.y() + r.height() > map.height()) {
            throw new IllegalArgumentException(
                    "region " + r + " outside a " + map.height() + "x" + map.width() + " map");
        }
        float[] data = map.data();
        int w = map.width();
        int plane = map.height() * w;
        float[] out = new float[map.channels()];
        for (int c = 0; c < out.length; c++) {
            float m = Float.NEGATIVE_INFINITY;
            int base = c * plane;
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                int row = base + y * w;
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    m = Math.max(m, data[row + x]);
                }
            }
            out[c] = m;
        }
        return out;
    }
}
