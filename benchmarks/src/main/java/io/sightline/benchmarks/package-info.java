/**
 * JMH benchmarks of the hot float loops, each next to the plain-Java version it replaced, so a run shows the
 * ratio measured side by side. Run them with {@code ./sightline bench kernels} (JMH options after it).
 */
package io.sightline.benchmarks;
