package io.sightline.search;

import io.javalin.config.RoutesConfig;

/**
 * Routes a deployment adds to the {@link SearchServer} beside the public API, e.g. the internal fan-out endpoints
 * instances call on each other. They share the server's API-key check: give them a {@link Scope}.
 */
@FunctionalInterface
public interface ExtraRoutes {
    /** No extra routes. */
    ExtraRoutes NONE = routes -> {};

    void register(RoutesConfig routes);
}
