/** The {@code ./sightline} command line (picocli): one class per sub-command. */
package io.sightline.app.cli;
