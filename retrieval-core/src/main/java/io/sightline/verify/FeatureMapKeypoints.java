package io.sightline.verify;

import io.sightline.backbone.FeatureMap;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * DELF-style keypoints from one CNN feature map: the cells with the strongest activations (largest L2 norm of the
 * channel vector, standing in for DELF's learned attention) become keypoints, described by their L2-normalised
 * channel vectors. A cell's position is the centre of its receptive field: with the 3x3, padding-1, stride-2
 * convolutions of MobileNetV2 cell j of a stride-s map is centred on input pixel s*j; it is then scaled from the
 * network input to the original image. Every cell has the same scale (the stride), so none is stored. Pure; no
 * inference.
 */
public final class FeatureMapKeypoints {

    private FeatureMapKeypoints() {}

    /**
     * @param map            one layer's map of one image
     * @param inputWidth     width of the image the backbone saw (after resizing)
     * @param inputHeight    height of the image the backbone saw
     * @param originalWidth  width of the original image, the coordinate frame of the result
     * @param originalHeight height of the original image
     * @param maxKeypoints   keep at most this many cells, strongest first
     */
    public static LocalFeatures select(
            FeatureMap map, int inputWidth, int inputHeight, int originalWidth, int originalHeight, int maxKeypoints) {
        if (maxKeypoints <= 0) {
            throw new IllegalArgumentException("maxKeypoints must be positive: " + maxKeypoints);
        }
        int c = map.channels();
        int cells = map.height() * map.width();
        float[] data = map.data();
        double[] norms = new double[cells];
        for (int ch = 0; ch < c; ch++) {
            int base = ch * cells;
            for (int i = 0; i < cells; i++) {
                double v = data[base + i];
                norms[i] += v * v;
            }
        }
        int[] order = IntStream.range(0, cells)
                .filter(i -> norms[i] > 0)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -norms[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .limit(maxKeypoints)
                .toArray();
        double stride = stride(inputWidth, map.width());
        double sx = (double) originalWidth / inputWidth;
        double sy = (double) originalHeight / inputHeight;
        int n = order.length;
        float[] xy = new float[2 * n];
        byte[] codes = new byte[n * c];
        double[] v = new double[c];
        for (int k = 0; k < n; k++) {
            int cell = order[k];
            int cy = cell / map.width();
            int cx = cell % map.width();
            xy[2 * k] = (float) ((stride * cx + 0.5) * sx - 0.5);
            xy[2 * k + 1] = (float) ((stride * cy + 0.5) * sy - 0.5);
            for (int ch = 0; ch < c; ch++) {
                v[ch] = data[ch * cells + cell];
            }
            DescriptorCodes.encode(v, codes, k * c);
        }
        return new LocalFeatures(originalWidth, originalHeight, c, xy, new float[0], codes);
    }

    /** The map's stride: the smallest power of two s with ceil(inputWidth / s) = mapWidth. */
    static int stride(int inputWidth, int mapWidth) {
        int s = 1;
        while ((inputWidth + s - 1) / s > mapWidth) {
            s *= 2;
        }
        return s;
    }
}
