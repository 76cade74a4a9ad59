/**
 * Benchmarks behind {@code ./sightline bench}: each extraction stage alone, and the whole pipeline through Kafka
 * with event-to-searchable latency, on the same images in the same run.
 */
package io.sightline.app.bench;
