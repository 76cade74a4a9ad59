package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The L2-normalised max-pooled vectors of the R-MAC regions of one map, with the grid level of each region
 * (0 = the whole map, then 1..L). Both R-MAC and REMAP aggregate these; keeping them as a value lets a study
 * cache them per image, scale and layer instead of re-pooling for every head.
 */
public record RegionVectors(List<float[]> vectors, int[] levels, int maxLevel) {

    public RegionVectors {
        if (vectors.size() != levels.length) {
            throw new IllegalArgumentException(vectors.size() + " vectors for " + levels.length + " levels");
        }
        vectors = List.copyOf(vectors);
    }

    public static RegionVectors of(FeatureMap map, int levels) {
        List<Region> regions = RegionGrid.tolias(map.height(), map.width(), levels);
        List<float[]> vs = new ArrayList<>(regions.size());
        int[] lv = new int[regions.size()];
        // tolias(h, w, l) is a prefix of tolias(h, w, L) (the long-side extra is shared by all levels), so the
        // prefix sizes mark where each level starts; sides alone cannot, as two levels may share a side.
        int level = 0;
        int levelEnd = 1;
        float[][] maxima = RegionMaxPool.maxima(map, regions);
        for (int i = 0; i < regions.size(); i++) {
            while (i >= levelEnd) {
                level++;
                levelEnd = RegionGrid.tolias(map.height(), map.width(), level).size();
            }
            lv[i] = level;
            vs.add(Vectors.l2normalize(maxima[i]));
        }
        return new RegionVectors(vs, lv, levels);
    }

    public int dimension() {
        return vectors.getFirst().length;
    }
}
