/**
 * Cleaning of noisy landmark labels, after Gordo et al. (ECCV 2016): per label, local features (BoofCV SURF) are
 * matched between every pair of images and verified with a RANSAC homography; verified pairs form a graph whose
 * largest connected component is kept, and each kept image gets the bounding box of its verified inliers.
 *
 * <p>{@link io.sightline.trainer.cleaning.DatasetCleaner} is the entry point; the labels file, the noisy-set
 * evaluation and the {@code landmarks.raw -> landmarks.curated} batch live next to it.
 */
package io.sightline.trainer.cleaning;
