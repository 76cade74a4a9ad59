/** Runnable measurement studies on the Paris subset (mains, not tests): descriptor heads, whitening, QE and DBA. */
package io.sightline.benchmarks.study;
