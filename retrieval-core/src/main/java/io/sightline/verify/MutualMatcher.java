package io.sightline.verify;

import boofcv.abst.feature.associate.AssociateDescription;
import boofcv.abst.feature.associate.ScoreAssociateEuclideanSq;
import boofcv.abst.feature.associate.WrapAssociateGreedy;
import boofcv.alg.feature.associate.AssociateGreedyDesc;
import boofcv.struct.feature.AssociatedIndex;
import boofcv.struct.feature.TupleDesc_F32;
import org.ddogleg.struct.FastAccess;
import org.ddogleg.struct.FastArray;

/**
 * Tentative matches between two feature sets: BoofCV's single-threaded greedy association on Euclidean distance of the decoded unit
 * descriptors (squared), forwards-backwards (mutual nearest neighbours) with Lowe's ratio test. Not thread-safe: one per call.
 */
final class MutualMatcher {

    private MutualMatcher() {}

    /** Pairs {@code {indexInA, indexInB}} of mutual nearest neighbours passing the ratio test. */
    static int[][] match(LocalFeatures a, LocalFeatures b, double ratio) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("cannot match descriptors of dimension " + a.dimension() + " with "
                    + b.dimension() + " (" + a + " vs " + b + ")");
        }
        // Built directly rather than through FactoryAssociation, which picks BoofCV's multi-threaded variant: one
        // verification stays on the caller's thread, callers parallelise over pairs.
        AssociateGreedyDesc<TupleDesc_F32> greedy = new AssociateGreedyDesc<>(new ScoreAssociateEuclideanSq.F32());
        greedy.setBackwardsValidation(true);
        // BoofCV scores F32 descriptors by squared distance: d1/d2 < ratio is d1²/d2² < ratio².
        greedy.setRatioTest(ratio * ratio);
        greedy.setMaxFitError(Double.MAX_VALUE);
        AssociateDescription<TupleDesc_F32> associate = new WrapAssociateGreedy<>(greedy);
        associate.setSource(descriptors(a));
        associate.setDestination(descriptors(b));
        associate.associate();
        FastAccess<AssociatedIndex> found = associate.getMatches();
        int[][] out = new int[found.size][];
        for (int i = 0; i < found.size; i++) {
            out[i] = new int[] {found.get(i).src, found.get(i).dst};
        }
        return out;
    }

    private static FastArray<TupleDesc_F32> descriptors(LocalFeatures f) {
        FastArray<TupleDesc_F32> out = new FastArray<>(TupleDesc_F32.class, f.size());
        for (int i = 0; i < f.size(); i++) {
            TupleDesc_F32 d = new TupleDesc_F32(f.dimension());
            f.descriptor(i, d.data);
            out.add(d);
        }
        return out;
    }
}
