package io.sightline.pq;

/** Row-major copy of an array of equal-length vectors, the layout the trainers work on. */
final class Flatten {
    private Flatten() {}

    static float[] rows(float[][] vectors) {
        int dim = vectors[0].length;
        float[] flat = new float[vectors.length * dim];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dim) {
                throw new IllegalArgumentException(
                        "vector " + i + " has " + vectors[i].length + " dimensions, not " + dim);
            }
            System.arraycopy(vectors[i], 0, flat, i * dim, dim);
        }
        return flat;
    }
}
