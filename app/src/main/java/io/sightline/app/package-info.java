/** The {@code ./sightline} application: entry point; see the sub-packages for the CLI, configuration and wiring. */
package io.sightline.app;
