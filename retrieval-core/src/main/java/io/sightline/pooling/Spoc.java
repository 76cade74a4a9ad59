package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;

/**
 * Sum pooling (Babenko and Lempitsky's SPoC, without the centring prior, which assumes centred objects): the
 * per-channel mean of the map. The mean rather than the sum keeps the scale independent of the map size, which
 * matters when scales are combined before normalisation.
 */
public final class Spoc implements PoolingHead {

    @Override
    public String name() {
        return "spoc";
    }

    @Override
    public float[] pool(FeatureMap map) {
        float[] data = map.data();
        int plane = map.height() * map.width();
        float[] out = new float[map.channels()];
        for (int c = 0; c < out.length; c++) {
            double sum = 0;
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                sum += data[base + i];
            }
            out[c] = (float) (sum / plane);
        }
        return out;
    }
}
