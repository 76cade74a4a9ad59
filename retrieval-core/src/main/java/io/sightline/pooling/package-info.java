/**
 * Pooling heads that turn feature maps into a global descriptor: MAC, SPoC, GeM (fixed p, or p selected per
 * layer from labelled images by {@link io.sightline.pooling.GemPowerSelector}), R-MAC over the region grid of
 * Tolias et al. (ICLR 2016, per-region whitening through its hook) and the multi-layer REMAP with KL
 * information-gain weights. {@link io.sightline.pooling.PoolingHead} pools one map;
 * {@link io.sightline.pooling.GlobalHead} reads several layers and adapts the single-layer heads. All work on
 * plain float arrays.
 */
package io.sightline.pooling;
