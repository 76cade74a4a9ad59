/**
 * The trainer: turns noisy labelled landmark photos into a better model bundle.
 *
 * <p>{@code cleaning} keeps, per label, the images that geometric verification ties together (Gordo et al.'s
 * cleaning step); {@code training} learns the descriptor with a siamese triplet loss on DJL's PyTorch engine.
 */
package io.sightline.trainer;
