package io.sightline.trainer.cleaning;

import boofcv.struct.feature.TupleDesc_F64;
import org.ddogleg.struct.FastArray;

/**
 * The SURF points of one image: locations in the downscaled image where they were detected, their descriptors,
 * and the factor back to source pixels. Read-only once built, so it is shared by the threads matching pairs.
 *
 * @param sourceWidth width of the decoded source image
 * @param sourceHeight height of the decoded source image
 * @param toSource multiply a downscaled coordinate by this to get source pixels
 * @param xy interleaved x, y of each point in the downscaled image
 * @param descriptors one descriptor per point, same order as {@code xy}
 */
public record LocalFeatures(
        int sourceWidth, int sourceHeight, double toSource, double[] xy, FastArray<TupleDesc_F64> descriptors) {

    public int size() {
        return descriptors.size;
    }
}
