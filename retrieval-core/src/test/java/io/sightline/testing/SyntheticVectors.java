package io.sightline.testing;

import java.util.SplittableRandom;

/**
 * Clustered synthetic unit vectors, row-major in one array: {@code clusters} random unit centres, each point a
 * centre plus isotropic Gaussian noise of relative size {@code noise}, re-normalised. Closer to CNN descriptors
 * than uniform random vectors (which have no structure for a quantizer to learn).
 */
public record SyntheticVectors(int dim, int clusters, float noise, long seed) {

    /** {@code n} vectors; the same seed always gives the same vectors, and queries use a different stream. */
    public float[] generate(int n, long stream) {
        SplittableRandom centresRandom = new SplittableRandom(seed);
        float[] centres = new float[clusters * dim];
        for (int c = 0; c < clusters; c++) {
            gaussianUnit(centresRandom, centres, c * dim, dim);
        }
        SplittableRandom random = new SplittableRandom(seed * 31 + stream + 1);
        float[] out = new float[n * dim];
        float[] noiseVec = new float[dim];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters);
            gaussianUnit(random, noiseVec, 0, dim);
            double norm = 0;
            for (int t = 0; t < dim; t++) {
                float v = centres[c * dim + t] + noise * noiseVec[t];
                out[i * dim + t] = v;
                norm += v * v;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int t = 0; t < dim; t++) {
                out[i * dim + t] *= inv;
            }
        }
        return out;
    }

    private static void gaussianUnit(SplittableRandom random, float[] out, int off, int dim) {
        double norm = 0;
        for (int t = 0; t < dim; t++) {
            double g = gaussian(random);
            out[off + t] = (float) g;
            norm += g * g;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int t = 0; t < dim; t++) {
            out[off + t] *= inv;
        }
    }

    /** Box-Muller (SplittableRandom has no nextGaussian before Java 17's RandomGenerator default; keep it explicit). */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
