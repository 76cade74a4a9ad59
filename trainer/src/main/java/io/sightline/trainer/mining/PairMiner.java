package io.sightline.trainer.mining;

import io.sightline.descriptor.Descriptor;
import io.sightline.pooling.Vectors;
import io.sightline.verify.GeometricVerifier;
import io.sightline.verify.LocalFeatures;
import io.sightline.verify.ShortlistVerification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Mines training pairs from unlabelled images: each image's {@link MiningParams#neighbours} nearest images by global
 * descriptor are verified with the images' local features (the backbone cells search verifies with, affine RANSAC);
 * a pair with enough inliers is a positive, a close neighbour with few is a hard negative. No label is read.
 * Deterministic (seeded RANSAC, ties by index); verifications run on all cores.
 */
public final class PairMiner {

    private final MiningParams params;
    private final GeometricVerifier verifier =
            new GeometricVerifier(ShortlistVerification.defaults().verifier());

    public PairMiner(MiningParams params) {
        this.params = params;
    }

    /** @param described each image's descriptor with its local features, in {@code names}' order */
    public MinedPairs mine(List<String> names, List<Descriptor> described) {
        if (names.size() != described.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + described.size() + " descriptors");
        }
        for (int i = 0; i < described.size(); i++) {
            if (described.get(i).local().isEmpty()) {
                throw new IllegalArgumentException("image " + names.get(i) + " has no local features to verify with"
                        + " (extract.local.keypoints is 0?)");
            }
        }
        int n = names.size();
        Set<Long> candidates = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            float[] q = described.get(i).vector();
            int self = i;
            IntStream.range(0, n)
                    .filter(j -> j != self)
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer j) ->
                                    -Vectors.dot(q, described.get(j).vector()))
                            .thenComparingInt(j -> j))
                    .limit(params.neighbours())
                    .forEach(j -> candidates.add(key(Math.min(self, j), Math.max(self, j))));
        }
        List<MinedPairs.Pair> verified = candidates.parallelStream()
                .map(k -> {
                    int i = (int) (k >> 32);
                    int j = (int) (long) k;
                    LocalFeatures a = described.get(i).local().orElseThrow();
                    LocalFeatures b = described.get(j).local().orElseThrow();
                    return new MinedPairs.Pair(
                            i,
                            j,
                            Vectors.dot(
                                    described.get(i).vector(), described.get(j).vector()),
                            verifier.verify(a, b).inliers());
                })
                .toList();
        List<MinedPairs.Pair> positives = new ArrayList<>();
        List<MinedPairs.Pair> negatives = new ArrayList<>();
        for (MinedPairs.Pair p : verified) {
            if (p.inliers() >= params.minInliers()) {
                positives.add(p);
            } else if (p.inliers() < params.maxNegativeInliers()) {
                negatives.add(p);
            }
        }
        return new MinedPairs(names, verified, positives, negatives);
    }

    private static long key(int i, int j) {
        return ((long) i << 32) | (j & 0xffffffffL);
    }
}
