package io.sightline.index;

/**
 * One search result.
 *
 * @param imageId    the indexed image
 * @param score      the rank score: similarity to the (expanded, augmented) query the ranking used, higher is closer
 * @param rank       1-based position in the ranking
 * @param similarity the raw cosine of the query's and the image's own descriptors, before any expansion or
 *                   augmentation; NaN where it has not been computed (inside a shard, before the final ranking)
 * @param inliers    geometric inliers between the query and the image when the search verified it, else -1
 */
public record SearchHit(String imageId, float score, int rank, float similarity, int inliers) {

    /** A hit whose raw similarity is not known yet. */
    public SearchHit(String imageId, float score, int rank) {
        this(imageId, score, rank, Float.NaN, -1);
    }

    /** A hit that was not verified. */
    public SearchHit(String imageId, float score, int rank, float similarity) {
        this(imageId, score, rank, similarity, -1);
    }

    public SearchHit withRank(int newRank) {
        return new SearchHit(imageId, score, newRank, similarity, inliers);
    }

    public SearchHit withSimilarity(float raw) {
        return new SearchHit(imageId, score, rank, raw, inliers);
    }

    public SearchHit withInliers(int count) {
        return new SearchHit(imageId, score, rank, similarity, count);
    }

    /** Whether verification ran on this hit. */
    public boolean verified() {
        return inliers >= 0;
    }
}
