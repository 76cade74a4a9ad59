package io.sightline.trainer.mining;

import java.util.List;

/**
 * What {@link PairMiner} found among each image's global neighbours.
 *
 * @param names         the images, by index
 * @param verified      every verified neighbour pair with its inliers (unordered, i &lt; j)
 * @param positives     pairs at {@link MiningParams#minInliers} or above
 * @param hardNegatives neighbour pairs below {@link MiningParams#maxNegativeInliers}
 */
public record MinedPairs(List<String> names, List<Pair> verified, List<Pair> positives, List<Pair> hardNegatives) {

    /** Two images by index (i &lt; j), their global similarity and inliers. */
    public record Pair(int i, int j, double similarity, int inliers) {}

    public MinedPairs {
        names = List.copyOf(names);
        verified = List.copyOf(verified);
        positives = List.copyOf(positives);
        hardNegatives = List.copyOf(hardNegatives);
    }
}
