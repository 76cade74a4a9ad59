/**
 * Geometric verification of a global-descriptor shortlist (issue #20, as in DELG): local features of each image
 * ({@link io.sightline.verify.LocalFeatures}, compact and serialisable), two extractors behind
 * {@link io.sightline.verify.LocalFeatureExtractor} (the backbone's own feature-map cells,
 * {@link io.sightline.verify.BackboneLocalFeatures}, and BoofCV SURF, {@link io.sightline.verify.SurfLocalFeatures}),
 * mutual-nearest-neighbour matching with a ratio test and a seeded BoofCV RANSAC fit
 * ({@link io.sightline.verify.GeometricVerifier}), and a pure re-ranking rule over a verified shortlist
 * ({@link io.sightline.verify.Reranker}). Coordinates are always in the original (decoded) image's pixels.
 * The measurements behind the defaults are in {@code retrieval-core/docs/verification-study.md}.
 */
package io.sightline.verify;
