/**
 * Retrieval evaluation with the Oxford/Paris protocol (Philbin et al.): ground-truth files, the
 * trapezoidal average precision of {@code compute_ap.cpp}, and an end-to-end mAP run over an image folder.
 */
package io.sightline.eval;
