/**
 * Linear whitening of descriptors, learned offline and applied at extraction time: unsupervised PCA-whitening
 * (Jégou and Chum, ECCV 2012) with optional dimensionality reduction and a shrinkage power, and the supervised
 * learned whitening "Lw" of Radenović et al. (TPAMI 2018) from matching pairs. A learned {@link
 * io.sightline.whitening.Whitening} is a small immutable value (mean, row-major projection) so it can be
 * serialised into a model bundle and rebuilt from its arrays.
 */
package io.sightline.whitening;
