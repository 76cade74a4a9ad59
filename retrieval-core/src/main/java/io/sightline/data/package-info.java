/**
 * Where the models and data sets are: {@link io.sightline.data.DatasetLocations} is the one place that knows the
 * in-repository backbone and sample, and where the full Paris subset is expected.
 */
package io.sightline.data;
