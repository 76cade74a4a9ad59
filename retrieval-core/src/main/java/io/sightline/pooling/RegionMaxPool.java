package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-channel maxima of many regions of one feature map, vectorised across channels. Backbones emit maps
 * channel-major (CHW), where a region's values for one channel are short strided rows (a 512-px image gives
 * 16 x 12 maps); the map is transposed once to channels-last (HWC) so that each spatial position contributes one
 * contiguous run of channels, and a region's maxima are lane-wise max over those runs. {@link Mac#regionMax} is
 * the scalar reference the tests compare against.
 */
final class RegionMaxPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private RegionMaxPool() {}

    /** One vector of {@code map.channels()} maxima per region, in the order given. */
    static float[][] maxima(FeatureMap map, List<Region> regions) {
        int c = map.channels();
        int w = map.width();
        float[] hwc = channelsLast(map);
        float[][] out = new float[regions.size()][];
        for (int i = 0; i < out.length; i++) {
            Region r = regions.get(i);
            if (r.x() + r.width() > w || r.y() + r.height() > map.height()) {
                throw new IllegalArgumentException("region " + r + " outside a " + map.height() + "x" + w + " map");
            }
            float[] max = new float[c];
            System.arraycopy(hwc, (r.y() * w + r.x()) * c, max, 0, c);
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    maxInto(max, hwc, (y * w + x) * c, c);
                }
            }
            out[i] = max;
        }
        return out;
    }

    private static void maxInto(float[] acc, float[] src, int off, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += S.length()) {
            FloatVector.fromArray(S, acc, i)
                    .max(FloatVector.fromArray(S, src, off + i))
                    .intoArray(acc, i);
        }
        for (; i < len; i++) {
            acc[i] = Math.max(acc[i], src[off + i]);
        }
    }

    private static float[] channelsLast(FeatureMap map) {
        int c = map.channels();
        int plane = map.height() * map.width();
        float[] chw = map.data();
        float[] hwc = new float[chw.length];
        for (int ch = 0; ch < c; ch++) {
            int base = ch * plane;
            for (int p = 0; p < plane; p++) {
                hwc[p * c + ch] = chw[base + p];
            }
        }
        return hwc;
    }
}
