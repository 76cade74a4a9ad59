/**
 * Pooling heads that turn a feature map into a global descriptor: MAC, GeM and R-MAC over the region grid
 * of Tolias et al. (ICLR 2016). All work on plain float arrays.
 */
package io.sightline.pooling;
