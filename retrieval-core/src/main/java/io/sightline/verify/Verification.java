package io.sightline.verify;

import java.util.List;

/**
 * The outcome of verifying an image pair: the inliers of the best geometric model and their correspondences in
 * both images' original pixel coordinates ({@code inliers == matches.size()}).
 *
 * @param tentative descriptor matches before the geometric fit (mutual nearest neighbours passing the ratio test)
 */
public record Verification(int inliers, int tentative, List<PointMatch> matches) {

    public static final Verification NONE = new Verification(0, 0, List.of());

    public Verification {
        matches = List.copyOf(matches);
        if (inliers != matches.size()) {
            throw new IllegalArgumentException(inliers + " inliers but " + matches.size() + " matches");
        }
    }
}
