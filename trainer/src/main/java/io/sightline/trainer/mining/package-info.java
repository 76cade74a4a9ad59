/**
 * Training pairs without labels (issue #22): an image's global neighbours that pass geometric verification are its
 * positives, those that fail are hard negatives, and connected components of verified pairs are pseudo-landmarks the
 * triplet trainer learns from as if they were labels.
 */
package io.sightline.trainer.mining;
