/**
 * Retrieval evaluation with the Oxford/Paris protocol (Philbin et al.): ground-truth files, the trapezoidal
 * average precision of {@code compute_ap.cpp}, an end-to-end mAP run over an image folder
 * ({@link io.sightline.eval.OxfordEvaluation}), mAP over precomputed vectors with query expansion
 * ({@link io.sightline.eval.VectorEvaluation}), and a train/test split by landmark name prefix
 * ({@link io.sightline.eval.LandmarkSplit}) so that supervised parts are never learned on the landmarks they
 * are scored on.
 */
package io.sightline.eval;
