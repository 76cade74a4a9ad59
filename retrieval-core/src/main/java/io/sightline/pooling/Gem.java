package io.sightline.pooling;

import io.sightline.backbone.FeatureMap;

/**
 * Generalized-mean pooling (Radenović et al.): {@code (mean(max(x, eps)^p))^(1/p)} per channel. p = 1 is
 * average pooling, large p approaches MAC. Activations are clamped at {@code eps} as in cirtorch because
 * signed layers (e.g. linear bottlenecks) would otherwise give undefined fractional powers.
 */
public final class Gem implements PoolingHead {

    private static final float EPS = 1e-6f;
    private final double p;

    public Gem(double p) {
        if (!(p > 0)) {
            throw new IllegalArgumentException("GeM power must be positive: " + p);
        }
        this.p = p;
    }

    @Override
    public String name() {
        return p == Math.rint(p) ? "gem-p" + (long) p : "gem-p" + p;
    }

    @Override
    public float[] pool(FeatureMap map) {
        float[] data = map.data();
        int plane = map.height() * map.width();
        float[] out = new float[map.channels()];
        boolean cube = p == 3.0;
        for (int c = 0; c < out.length; c++) {
            double sum = 0;
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                double v = Math.max(data[base + i], EPS);
                sum += cube ? v * v * v : Math.pow(v, p);
            }
            out[c] = (float) Math.pow(sum / plane, 1.0 / p);
        }
        return out;
    }
}
