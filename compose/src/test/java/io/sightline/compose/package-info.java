/** Static checks of the docker-compose deployment: there is no Docker engine in CI, so the files are parsed. */
package io.sightline.compose;
