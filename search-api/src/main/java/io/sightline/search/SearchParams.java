package io.sightline.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.verify.LocalFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The search parameters of a request, validated: {@code k}, {@code offset}, {@code mode}, {@code qe},
 * {@code minScore}, {@code minSimilarity}, {@code rerank}, {@code nprobe}, {@code verify}, {@code explain} and
 * repeated {@code filter=key:value}. They come from the query string and, for JSON bodies,
 * from the body's fields of the same names ({@code filters} as an object), which win.
 *
 * @param k        results wanted
 * @param offset   results skipped
 * @param mode     search mode
 * @param expand   query expansion on
 * @param filters  attribute filters
 * @param minScore smallest score returned
 * @param rerank   shortlist re-ranked by exact similarity (0: none)
 * @param nprobe   IVF cells visited in mode ivfpq
 * @param minSimilarity smallest raw similarity returned (-1: no limit)
 * @param verify   hits per round verified geometrically (-1: the server's default, search.verify; 0: none)
 * @param explain  return the inlier point pairs of verified hits
 */
record SearchParams(
        int k,
        int offset,
        SearchMode mode,
        boolean expand,
        Map<String, String> filters,
        float minScore,
        int rerank,
        int nprobe,
        float minSimilarity,
        int verify,
        boolean explain) {
    static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_FILTERS = 16;
    static final int MAX_RERANK = 10_000;
    static final int MAX_NPROBE = 65_536;
    static final int MAX_VERIFY = 1_000;

    SearchQuery toQuery(float[] vector) {
        return toQuery(vector, Optional.empty());
    }

    /** The query, verified against {@code local} as these parameters ask. */
    SearchQuery toQuery(float[] vector, Optional<LocalFeatures> local) {
        return new SearchQuery(
                vector,
                k,
                offset,
                mode,
                expand,
                filters,
                minScore,
                rerank,
                nprobe,
                minSimilarity,
                verify,
                local,
                explain);
    }

    /** Parses query-string parameters (name to values). */
    static SearchParams parse(Map<String, List<String>> query, SearchServerConfig config) {
        return new Reader(query, config).read();
    }

    /** Parses query-string parameters overridden by the same fields of a JSON body. */
    static SearchParams parse(Map<String, List<String>> query, JsonNode body, SearchServerConfig config) {
        Map<String, List<String>> merged = new HashMap<>(query);
        for (String name : List.of(
                "k", "offset", "mode", "qe", "minScore", "minSimilarity", "rerank", "nprobe", "verify", "explain")) {
            JsonNode value = body.get(name);
            if (value != null && !value.isNull()) {
                if (!value.isValueNode()) {
                    throw ApiProblem.badRequest(
                            "invalid-parameter", "'" + name + "' must be a number, string or boolean");
                }
                merged.put(name, List.of(value.asText()));
            }
        }
        JsonNode filters = body.get("filters");
        if (filters != null && !filters.isNull()) {
            merged.put("filter", pairs(filters, "filter"));
        }
        return parse(merged, config);
    }

    /** A JSON object of string values as {@code key:value} pairs, for {@link #attributes(List, String)}. */
    static List<String> pairs(JsonNode object, String parameter) {
        if (!object.isObject()) {
            throw ApiProblem.badRequest(
                    "invalid-" + parameter, "'" + parameter + "s' must be an object of string values");
        }
        List<String> pairs = new ArrayList<>();
        object.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw ApiProblem.badRequest(
                        "invalid-" + parameter, parameter + " '" + e.getKey() + "' must be a string");
            }
            pairs.add(e.getKey() + ":" + e.getValue().asText());
        });
        return pairs;
    }

    /** Parses {@code key:value} attribute pairs (filters, and attributes of uploads). */
    static Map<String, String> attributes(List<String> pairs, String parameter) {
        if (pairs.size() > MAX_FILTERS) {
            throw ApiProblem.badRequest(
                    "invalid-" + parameter, "At most " + MAX_FILTERS + " '" + parameter + "' values are accepted");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int colon = pair.indexOf(':');
            String key = colon < 0 ? pair : pair.substring(0, colon);
            if (colon < 0
                    || !ATTRIBUTE_KEY.matcher(key).matches()
                    || colon == pair.length() - 1
                    || pair.length() - colon > 257) {
                throw ApiProblem.badRequest(
                        "invalid-" + parameter,
                        "'" + parameter + "' must be key:value with a key of "
                                + "letters, digits, '_', '.', '-' (1-64) and a value of 1-256 characters");
            }
            if (out.put(key, pair.substring(colon + 1)) != null) {
                throw ApiProblem.badRequest("invalid-" + parameter, "'" + parameter + "' names '" + key + "' twice");
            }
        }
        return out;
    }

    private record Reader(Map<String, List<String>> query, SearchServerConfig config) {
        SearchParams read() {
            int k = integer("k", config.defaultK(), 1, config.maxK());
            int offset = integer("offset", 0, 0, config.maxK());
            SearchMode mode = mode();
            boolean expand = bool("qe", true);
            float minScore = cosine("minScore");
            float minSimilarity = cosine("minSimilarity");
            int rerank = integer("rerank", 0, 0, MAX_RERANK);
            int nprobe = integer("nprobe", SearchRequest.DEFAULT_NPROBE, 1, MAX_NPROBE);
            int verify = integer("verify", -1, 0, MAX_VERIFY);
            boolean explain = bool("explain", false);
            return new SearchParams(
                    k,
                    offset,
                    mode,
                    expand,
                    attributes(query.getOrDefault("filter", List.of()), "filter"),
                    minScore,
                    rerank,
                    nprobe,
                    minSimilarity,
                    verify,
                    explain);
        }

        private String single(String name) {
            List<String> values = query.getOrDefault(name, List.of());
            if (values.size() > 1) {
                throw ApiProblem.badRequest("invalid-parameter", "Parameter '" + name + "' must be given at most once");
            }
            return values.isEmpty() ? null : values.get(0).trim();
        }

        private int integer(String name, int fallback, int min, int max) {
            String raw = single(name);
            if (raw == null) {
                return fallback;
            }
            int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest(
                        "invalid-parameter", "Parameter '" + name + "' must be an integer in " + min + ".." + max);
            }
            if (value < min || value > max) {
                throw ApiProblem.badRequest(
                        "invalid-parameter",
                        "Parameter '" + name + "' must be in " + min + ".." + max + ", got " + value);
            }
            return value;
        }

        private SearchMode mode() {
            String raw = single("mode");
            if (raw == null) {
                return SearchMode.HNSW;
            }
            try {
                return SearchMode.valueOf(raw.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(
                        "invalid-parameter", "Parameter 'mode' must be one of exact, hnsw, pq, ivfpq");
            }
        }

        private boolean bool(String name, boolean fallback) {
            String raw = single(name);
            if (raw == null) {
                return fallback;
            }
            return switch (raw.toLowerCase(Locale.ROOT)) {
                case "true", "on", "1" -> true;
                case "false", "off", "0" -> false;
                default ->
                    throw ApiProblem.badRequest("invalid-parameter", "Parameter '" + name + "' must be true or false");
            };
        }

        /** A cosine bound in -1..1; -1 (no bound) when absent. */
        private float cosine(String name) {
            String raw = single(name);
            if (raw == null) {
                return -1f;
            }
            float value;
            try {
                value = Float.parseFloat(raw);
            } catch (NumberFormatException e) {
                value = Float.NaN;
            }
            if (!(value >= -1f && value <= 1f)) {
                throw ApiProblem.badRequest("invalid-parameter", "Parameter '" + name + "' must be a number in -1..1");
            }
            return value;
        }
    }
}
