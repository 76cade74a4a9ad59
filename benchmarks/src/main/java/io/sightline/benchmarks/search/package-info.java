/** {@code ./sightline bench search}: bounded HTTP load on running instances. */
package io.sightline.benchmarks.search;
