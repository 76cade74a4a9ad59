/** Tests of the benchmark drivers. */
package io.sightline.app.bench;
