/**
 * Fetching and decoding untrusted images: size and pixel caps checked before any expensive work, every
 * format normalised to orientation-corrected {@code TYPE_INT_RGB}, failures reported as
 * {@link io.sightline.image.ImageLoadException} with the pipeline stage for dead-lettering.
 */
package io.sightline.image;
