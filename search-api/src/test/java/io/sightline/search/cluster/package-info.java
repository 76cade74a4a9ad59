/** Tests of the search fan-out across instances, with real shards and real HTTP on loopback. */
package io.sightline.search.cluster;
