package io.sightline.search;

import io.javalin.security.RouteRole;

/** What an API key may do: read (search, metadata, status) or write (publish and delete images). */
public enum Scope implements RouteRole {
    READ,
    WRITE
}
