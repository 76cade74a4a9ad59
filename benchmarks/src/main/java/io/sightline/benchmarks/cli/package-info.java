/** The {@code ./sightline bench} commands, registered with the app through {@link io.sightline.app.cli.SubcommandProvider}. */
package io.sightline.benchmarks.cli;
