/**
 * Copy detection for upstream apps: each new descriptor is looked up in the whole index and, when it verifies
 * against an indexed image at the duplicate or near-duplicate level, an {@code ImageMatch} goes to images.matches.
 */
package io.sightline.streams.matches;
