package io.sightline.index;

/** One search result: the image, its similarity to the query (higher is closer) and its 1-based rank. */
public record SearchHit(String imageId, float score, int rank) {
}
