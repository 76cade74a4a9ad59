/**
 * Benchmarks of the index's search modes against Faiss on the same synthetic vectors ({@link
 * io.sightline.benchmarks.index.IndexBench}); meant to be called by the CLI as {@code ./sightline bench index}.
 */
package io.sightline.benchmarks.index;
