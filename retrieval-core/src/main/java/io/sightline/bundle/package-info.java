/**
 * Model bundles: a directory (or a zip of one) with a {@code manifest.json} that says everything a service needs
 * to produce descriptors exactly like the ones in the index (backbone file and checksum, engine, input
 * normalisation, layers, scales, head and its parameters, whitening, dimension), the figures the bundle was
 * accepted on and what it was learned from, plus the learned arrays (whitening, codebooks) as little-endian
 * float32 files. Every descriptor carries the bundle's version.
 */
package io.sightline.bundle;
