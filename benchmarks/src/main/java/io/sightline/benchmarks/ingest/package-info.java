/**
 * {@code ./sightline bench ingest}: the whole pipeline through an embedded Kafka with event-to-searchable latency;
 * each extraction stage alone is timed by the app's {@code StageBench} (also used by {@code demo --baseline}).
 */
package io.sightline.benchmarks.ingest;
