package io.sightline.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer API keys and their scopes. With no keys, authentication is off and every route is open.
 *
 * @param scopesByKey key to the scopes it grants
 */
public record ApiKeys(Map<String, Set<Scope>> scopesByKey) {
    public ApiKeys {
        scopesByKey = Map.copyOf(scopesByKey);
    }

    public static ApiKeys none() {
        return new ApiKeys(Map.of());
    }

    /**
     * Parses {@code KEY=read+write,OTHER=read} entries (the {@code http.api.keys} setting).
     *
     * @throws IllegalArgumentException for an entry without a key or with an unknown scope
     */
    public static ApiKeys parse(Iterable<String> entries) {
        Map<String, Set<Scope>> keys = new LinkedHashMap<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("API key entry must be KEY=SCOPE[+SCOPE] (scopes read, write)");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String scope : entry.substring(eq + 1).split("\\+")) {
                try {
                    scopes.add(Scope.valueOf(scope.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown API key scope '" + scope + "' (use read, write)", e);
                }
            }
            keys.put(entry.substring(0, eq).trim(), Set.copyOf(scopes));
        }
        return new ApiKeys(keys);
    }

    public boolean enabled() {
        return !scopesByKey.isEmpty();
    }

    /** The scopes of a presented key; every key is compared in constant time so timing reveals nothing. */
    public Optional<Set<Scope>> scopesOf(String presented) {
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        Set<Scope> found = null;
        for (Map.Entry<String, Set<Scope>> key : scopesByKey.entrySet()) {
            if (MessageDigest.isEqual(given, key.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = key.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return "ApiKeys[" + scopesByKey.size() + " keys]"; // never the keys themselves
    }
}
