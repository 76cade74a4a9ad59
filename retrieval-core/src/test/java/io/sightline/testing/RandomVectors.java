package io.sightline.testing;

import java.util.Random;

/** Random L2-normalised vectors, the shape every descriptor has. */
public final class RandomVectors {
    private RandomVectors() {
    }

    public static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dim; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
