package io.sightline.trainer.cleaning;

import boofcv.abst.feature.associate.AssociateDescription;
import boofcv.abst.feature.associate.ScoreAssociation;
import boofcv.factory.feature.associate.ConfigAssociateGreedy;
import boofcv.factory.feature.associate.FactoryAssociation;
import boofcv.factory.geo.ConfigHomography;
import boofcv.factory.geo.ConfigRansac;
import boofcv.factory.geo.FactoryMultiViewRobust;
import boofcv.struct.feature.AssociatedIndex;
import boofcv.struct.feature.TupleDesc_F64;
import boofcv.struct.geo.AssociatedPair;
import georegression.struct.homography.Homography2D_F64;
import java.util.ArrayList;
import java.util.List;
import org.ddogleg.fitting.modelset.ModelMatcher;
import org.ddogleg.struct.FastAccess;

/**
 * Geometric verification of an image pair: mutual nearest-neighbour descriptor matches that pass Lowe's ratio test, then
 * a RANSAC homography (BoofCV). A homography rather than a fundamental matrix: landmark facades are close to planar
 * at photo distance, and the 8-point fundamental model accepts too many chance matches when there are few.
 * Thread-safe: every call builds its own associator and RANSAC (seeded, so results are reproducible).
 */
public final class PairVerifier {
    private final CleaningParams params;

    public PairVerifier(CleaningParams params) {
        this.params = params;
    }

    public PairMatch verify(LocalFeatures a, LocalFeatures b) {
        if (a.size() < 4 || b.size() < 4) {
            return PairMatch.NONE;
        }
        ScoreAssociation<TupleDesc_F64> score = FactoryAssociation.scoreEuclidean(TupleDesc_F64.class, false);
        ConfigAssociateGreedy greedy = new ConfigAssociateGreedy();
        greedy.forwardsBackwards = true;
        greedy.scoreRatioThreshold = params.ratio();
        AssociateDescription<TupleDesc_F64> associate = FactoryAssociation.greedy(greedy, score);
        associate.setSource(a.descriptors());
        associate.setDestination(b.descriptors());
        associate.associate();
        FastAccess<AssociatedIndex> matches = associate.getMatches();
        if (matches.size < params.minInliers()) {
            return new PairMatch(matches.size, new double[0], new double[0]);
        }
        List<AssociatedPair> pairs = new ArrayList<>(matches.size);
        for (int i = 0; i < matches.size; i++) {
            AssociatedIndex m = matches.get(i);
            pairs.add(new AssociatedPair(
                    a.xy()[2 * m.src], a.xy()[2 * m.src + 1], b.xy()[2 * m.dst], b.xy()[2 * m.dst + 1]));
        }
        ConfigRansac ransac = new ConfigRansac(params.ransacIterations(), params.inlierPixels());
        ransac.randSeed = params.seed();
        ModelMatcher<Homography2D_F64, AssociatedPair> fit =
                FactoryMultiViewRobust.homographyRansac(new ConfigHomography(true), ransac);
        if (!fit.process(pairs)) {
            return new PairMatch(matches.size, new double[0], new double[0]);
        }
        List<AssociatedPair> inliers = fit.getMatchSet();
        double[] inA = new double[2 * inliers.size()];
        double[] inB = new double[2 * inliers.size()];
        for (int i = 0; i < inliers.size(); i++) {
            AssociatedPair p = inliers.get(i);
            inA[2 * i] = p.p1.x * a.toSource();
            inA[2 * i + 1] = p.p1.y * a.toSource();
            inB[2 * i] = p.p2.x * b.toSource();
            inB[2 * i + 1] = p.p2.y * b.toSource();
        }
        return new PairMatch(matches.size, inA, inB);
    }
}
