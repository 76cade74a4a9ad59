/**
 * Test support shared by every module (published as retrieval-core's test jar): paths to the shared models and
 * photos, bad inputs the pipeline must reject, random unit vectors.
 */
package io.sightline.testing;
