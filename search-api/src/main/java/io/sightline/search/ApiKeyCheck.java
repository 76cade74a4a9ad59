package io.sightline.search;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks {@code Authorization: Bearer KEY} against the route's scope before the handler runs: 401 without a valid
 * key, 403 when the key lacks the scope. Routes without a scope (health, readiness, the page, the OpenAPI document)
 * stay open; with no keys configured everything is open.
 */
final class ApiKeyCheck {
    private static final String PREFIX = "bearer ";

    private final ApiKeys keys;

    ApiKeyCheck(ApiKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    void check(Context ctx) {
        Set<RouteRole> required = ctx.routeRoles();
        if (!keys.enabled() || required.isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw unauthorized("This endpoint needs an API key: send 'Authorization: Bearer <key>'", ctx);
        }
        Set<Scope> granted = keys.scopesOf(header.substring(PREFIX.length()).trim())
                .orElseThrow(() -> unauthorized("The API key is not valid", ctx));
        for (RouteRole role : required) {
            if (!granted.contains((Scope) role)) {
                throw new ApiProblem(
                        403,
                        "insufficient-scope",
                        "The API key lacks the '" + ((Scope) role).name().toLowerCase(Locale.ROOT)
                                + "' scope this endpoint needs");
            }
        }
    }

    private static ApiProblem unauthorized(String detail, Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"sightline\"");
        return new ApiProblem(401, "unauthorized", detail);
    }
}
