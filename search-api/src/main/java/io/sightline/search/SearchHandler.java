package io.sightline.search;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.sightline.index.SearchHit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code POST /v1/search}: read the query image, encode it, search, answer a {@link SearchResponse}. */
final class SearchHandler implements Handler {

    static final String K_PARAM = "k";

    private static final Logger LOG = LoggerFactory.getLogger(SearchHandler.class);

    private final SearchServerConfig config;
    private final QueryImageReader reader;
    private final Supplier<SearchSnapshot> snapshots;

    SearchHandler(SearchServerConfig config, QueryImageReader reader, Supplier<SearchSnapshot> snapshots) {
        this.config = Objects.requireNonNull(config, "config");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    }

    @Override
    public void handle(Context ctx) {
        int k = parseK(ctx.queryParams(K_PARAM));
        byte[] image = reader.read(ctx);
        // One snapshot for the whole request: encoder and index of the same model generation, even across a switch.
        SearchSnapshot snapshot = snapshots.get();
        String version = snapshot.modelVersion();

        long start = System.nanoTime();
        float[] query = encode(snapshot.encoder(), image);
        long encoded = System.nanoTime();
        List<SearchHit> hits = snapshot.searcher().search(query, k);
        long searched = System.nanoTime();
        if (hits == null) {
            throw new IllegalStateException("VectorSearcher returned null");
        }

        List<SearchResponse.Result> results = hits.stream().limit(k).map(SearchResponse.Result::of).toList();
        SearchResponse.Timings timings = new SearchResponse.Timings(millis(encoded - start), millis(searched - encoded));
        LOG.debug("search k={} bytes={} hits={} encodeMs={} searchMs={}", k, image.length, results.size(),
                timings.encodeMs(), timings.searchMs());
        ctx.json(new SearchResponse(version, k, results, timings));
    }

    private static float[] encode(QueryEncoder encoder, byte[] image) {
        float[] query;
        try {
            query = encoder.encode(image);
        } catch (QueryRejectedException e) {
            LOG.debug("Query image rejected ({} bytes): {}", image.length, e.getMessage(), e);
            String detail = e.getMessage() == null || e.getMessage().isBlank()
                    ? "The query image was rejected" : e.getMessage();
            throw new ApiProblem(e.httpStatus(), "query-rejected", detail, e);
        }
        if (query == null || query.length == 0) {
            throw new IllegalStateException("QueryEncoder returned an empty descriptor");
        }
        return query;
    }

    private int parseK(List<String> values) {
        if (values.isEmpty()) {
            return config.defaultK();
        }
        if (values.size() > 1) {
            throw ApiProblem.badRequest("invalid-parameter", "Query parameter 'k' must be given at most once");
        }
        String raw = values.get(0).trim();
        int k;
        try {
            k = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid-parameter", "Query parameter 'k' must be an integer in 1.."
                    + config.maxK());
        }
        if (k < 1 || k > config.maxK()) {
            throw ApiProblem.badRequest("invalid-parameter", "Query parameter 'k' must be in 1.." + config.maxK()
                    + ", got " + k);
        }
        return k;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
