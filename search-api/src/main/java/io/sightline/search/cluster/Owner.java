package io.sightline.search.cluster;

import java.util.Objects;

/**
 * The instance that owns a partition's shard.
 *
 * @param address {@code host:port} of its HTTP API, as it advertises it ({@code application.server})
 * @param local   true when it is this instance (searched in process, not over HTTP)
 */
public record Owner(String address, boolean local) {
    public Owner {
        Objects.requireNonNull(address, "address");
    }
}
