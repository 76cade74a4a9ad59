package io.sightline.trainer.mining;

/**
 * Settings of {@link PairMiner}.
 *
 * @param neighbours         global nearest neighbours of each image that are verified
 * @param minInliers         inliers from which a pair is a positive: backbone cells (300, docs/decisions/028) reach
 *                           22 between different buildings in 1% of confusable pairs, so 25 keeps chance matches out
 * @param maxNegativeInliers a neighbour verified below this many inliers is a hard negative
 * @param heldOutShare       share of the pseudo-landmarks kept out of training for the label-free check
 * @param seed               which pseudo-landmarks are held out
 */
public record MiningParams(int neighbours, int minInliers, int maxNegativeInliers, double heldOutShare, long seed) {

    public MiningParams {
        if (neighbours < 1 || minInliers < 1 || maxNegativeInliers < 0 || maxNegativeInliers > minInliers) {
            throw new IllegalArgumentException("need neighbours >= 1, minInliers >= 1 and 0 <= maxNegativeInliers <= "
                    + "minInliers: " + neighbours + ", " + minInliers + ", " + maxNegativeInliers);
        }
        if (!(heldOutShare >= 0 && heldOutShare < 1)) {
            throw new IllegalArgumentException("heldOutShare must be in [0, 1): " + heldOutShare);
        }
    }

    public static MiningParams defaults() {
        return new MiningParams(10, 25, 12, 0.25, 42);
    }

    public MiningParams withMinInliers(int n) {
        return new MiningParams(neighbours, n, Math.min(maxNegativeInliers, n), heldOutShare, seed);
    }
}
