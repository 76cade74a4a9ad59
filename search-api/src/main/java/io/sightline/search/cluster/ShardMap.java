package io.sightline.search.cluster;

import java.util.Optional;

/** Where the shards are: asked on every request, since a rebalance can move partitions at any time. */
public interface ShardMap {
    /** The current owners of every partition. */
    Placement placement();

    /** The owner of the partition {@code imageId} is keyed to, if it has one. */
    Optional<Owner> ownerOf(String imageId);
}
