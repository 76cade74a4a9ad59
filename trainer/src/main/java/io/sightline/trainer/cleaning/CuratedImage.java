package io.sightline.trainer.cleaning;

/**
 * An image that survived cleaning, with the box of its verified inliers (source pixels) and how many images of its
 * label it was verified against.
 */
public record CuratedImage(String imageId, String label, Box box, int verifiedPartners) {}
