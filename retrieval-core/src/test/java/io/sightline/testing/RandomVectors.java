package io.sightline.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random L2-normalised vectors, the shape every descriptor has. */
public final class RandomVectors {
    private RandomVectors() {}

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

    /**
     * {@code copies} L2-normalised noisy copies of each centre (Gaussian noise of {@code sigma} per coordinate):
     * enough training vectors for 256-centroid codebooks that fit the centres well.
     */
    public static List<float[]> jittered(List<float[]> centres, int copies, double sigma, Random random) {
        List<float[]> out = new ArrayList<>(centres.size() * copies);
        for (float[] centre : centres) {
            for (int c = 0; c < copies; c++) {
                float[] v = centre.clone();
                double norm = 0;
                for (int i = 0; i < v.length; i++) {
                    v[i] += (float) (random.nextGaussian() * sigma);
                    norm += v[i] * v[i];
                }
                float inv = (float) (1 / Math.sqrt(norm));
                for (int i = 0; i < v.length; i++) {
                    v[i] *= inv;
                }
                out.add(v);
            }
        }
        return out;
    }
}
