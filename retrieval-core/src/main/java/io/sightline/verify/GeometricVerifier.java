package io.sightline.verify;

import boofcv.alg.geo.robust.DistanceAffine2DSq;
import boofcv.alg.geo.robust.DistanceHomographySq;
import boofcv.alg.geo.robust.GenerateAffine2D;
import boofcv.alg.geo.robust.GenerateHomographyLinear;
import boofcv.struct.geo.AssociatedPair;
import georegression.fitting.affine.ModelManagerAffine2D_F64;
import georegression.fitting.homography.ModelManagerHomography2D_F64;
import georegression.struct.affine.Affine2D_F64;
import georegression.struct.homography.Homography2D_F64;
import java.util.ArrayList;
import java.util.List;
import org.ddogleg.fitting.modelset.ModelMatcher;
import org.ddogleg.fitting.modelset.ransac.Ransac;

/**
 * Geometric verification of an image pair: {@link MutualMatcher} tentative matches, then a seeded BoofCV/ddogleg
 * RANSAC fit of an affine map or a homography from the first image to the second. Points are fitted in coordinates
 * divided by each image's longest side, so the tolerance is a fraction of the second image's longest side whatever
 * the image sizes; inliers are reported in original pixels. Thread-safe and deterministic: each call builds its
 * own matcher and a single-threaded RANSAC seeded from the params.
 */
public final class GeometricVerifier {

    private final VerifierParams params;

    public GeometricVerifier(VerifierParams params) {
        this.params = params;
    }

    public VerifierParams params() {
        return params;
    }

    public Verification verify(LocalFeatures a, LocalFeatures b) {
        int sample = params.model().sample();
        if (a.size() < sample || b.size() < sample) {
            return Verification.NONE;
        }
        // Without a ratio test (backbone cells) the dedicated matcher gives the same pairs much faster.
        int[][] matches = params.ratio() >= 1.0 ? MutualNearest.match(a, b) : MutualMatcher.match(a, b, params.ratio());
        if (matches.length <= sample) {
            return new Verification(0, matches.length, List.of());
        }
        double na = a.longestSide();
        double nb = b.longestSide();
        List<AssociatedPair> pairs = new ArrayList<>(matches.length);
        for (int[] m : matches) {
            pairs.add(new AssociatedPair(a.x(m[0]) / na, a.y(m[0]) / na, b.x(m[1]) / nb, b.y(m[1]) / nb));
        }
        ModelMatcher<?, AssociatedPair> ransac = ransac();
        if (!ransac.process(pairs)) {
            return new Verification(0, matches.length, List.of());
        }
        int inliers = ransac.getMatchSet().size();
        List<PointMatch> out = new ArrayList<>(inliers);
        for (int i = 0; i < inliers; i++) {
            int[] m = matches[ransac.getInputIndex(i)];
            out.add(new PointMatch(a.x(m[0]), a.y(m[0]), b.x(m[1]), b.y(m[1])));
        }
        return new Verification(inliers, matches.length, out);
    }

    private ModelMatcher<?, AssociatedPair> ransac() {
        double threshold = params.tolerance() * params.tolerance();
        return switch (params.model()) {
            case AFFINE -> {
                Ransac<Affine2D_F64, AssociatedPair> r = new Ransac<>(
                        params.seed(),
                        params.iterations(),
                        threshold,
                        new ModelManagerAffine2D_F64(),
                        AssociatedPair.class);
                r.setModel(GenerateAffine2D::new, DistanceAffine2DSq::new);
                yield r;
            }
            case HOMOGRAPHY -> {
                Ransac<Homography2D_F64, AssociatedPair> r = new Ransac<>(
                        params.seed(),
                        params.iterations(),
                        threshold,
                        new ModelManagerHomography2D_F64(),
                        AssociatedPair.class);
                r.setModel(() -> new GenerateHomographyLinear(true), DistanceHomographySq::new);
                yield r;
            }
        };
    }
}
