/** Tests of the HTTP search endpoint against a real server on an ephemeral loopback port. */
package io.sightline.search;
