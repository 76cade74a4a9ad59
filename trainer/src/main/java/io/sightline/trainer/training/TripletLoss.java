package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;

/**
 * Triplet margin loss on unit descriptors, {@code mean(max(0, |a-p|^2 - |a-n|^2 + margin))} over a batch, as in
 * Gordo et al. (squared distances of L2-normalised vectors, so the margin is in [0, 4]).
 */
public final class TripletLoss {

    private TripletLoss() {}

    /** @param anchors, positives, negatives {@code [B, D]} unit rows */
    public static NDArray of(NDArray anchors, NDArray positives, NDArray negatives, float margin) {
        NDArray dp = anchors.sub(positives).square().sum(new int[] {1});
        NDArray dn = anchors.sub(negatives).square().sum(new int[] {1});
        return dp.sub(dn).add(margin).maximum(0f).mean();
    }

    /** Rows scaled to unit L2 norm along {@code axis} (one axis: PtNDArray reduces one axis at a time). */
    static NDArray l2(NDArray x, int axis) {
        return x.div(x.square().sum(new int[] {axis}, true).add(1e-12f).sqrt());
    }
}
