package io.sightline.verify;

/**
 * The re-ranking rule of {@link Reranker}: a candidate's score is
 * {@code globalScore + weight * min(inliers, inlierCap) / inlierCap}, where inliers below {@code minInliers} count
 * as 0 (chance matches between different buildings). A weight above the spread of global scores (e.g. 2 for cosine
 * scores) puts every verified candidate before every unverified one, ordered by inliers up to the cap.
 */
public record RerankParams(int minInliers, int inlierCap, double weight) {

    public RerankParams {
        if (minInliers < 0 || inlierCap <= 0 || !(weight >= 0)) {
            throw new IllegalArgumentException("need minInliers >= 0, inlierCap > 0, weight >= 0: " + minInliers + ", "
                    + inlierCap + ", " + weight);
        }
    }

    /** The combined score of a candidate with this global score and inlier count. */
    public double score(double globalScore, int inliers) {
        int counted = inliers >= minInliers ? Math.min(inliers, inlierCap) : 0;
        return globalScore + weight * counted / inlierCap;
    }
}
