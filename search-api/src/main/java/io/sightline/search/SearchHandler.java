package io.sightline.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.StoredImage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/search} (query by image bytes, {@code {"url"}} or {@code {"imageId"}}) and
 * {@code GET /v1/images/{id}/similar}: build the query vector, search the backend, answer a {@link SearchResponse}.
 */
final class SearchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SearchHandler.class);

    private final SearchServerConfig config;
    private final QueryImageReader reader;
    private final JsonBody json;
    private final QueryImageFetcher fetcher;
    private final Supplier<SearchSnapshot> snapshots;

    SearchHandler(
            SearchServerConfig config,
            QueryImageReader reader,
            JsonBody json,
            QueryImageFetcher fetcher,
            Supplier<SearchSnapshot> snapshots) {
        this.config = Objects.requireNonNull(config, "config");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.json = Objects.requireNonNull(json, "json");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    }

    void search(Context ctx) {
        long start = System.nanoTime();
        // One snapshot for the whole request: encoder and index of the same model generation, even across a switch.
        SearchSnapshot snapshot = snapshots.get();
        SearchParams params;
        QueryEncoder.Encoded query;
        long fetched;
        long encoded;
        if (JsonBody.isJson(ctx)) {
            JsonNode body = json.read(ctx);
            params = SearchParams.parse(ctx.queryParamMap(), body, config);
            String imageId = JsonBody.text(body, "imageId");
            String url = JsonBody.text(body, "url");
            if ((imageId == null) == (url == null)) {
                throw ApiProblem.badRequest("invalid-query", "A JSON search names exactly one of 'imageId' and 'url'");
            }
            requireMode(snapshot, params);
            if (imageId != null) {
                query = stored(snapshot, ImageIds.require(imageId));
                fetched = System.nanoTime();
                encoded = fetched;
            } else {
                byte[] image = fetch(url);
                fetched = System.nanoTime();
                query = encode(snapshot, image);
                encoded = System.nanoTime();
            }
        } else {
            params = SearchParams.parse(ctx.queryParamMap(), config);
            requireMode(snapshot, params);
            byte[] image = reader.read(ctx);
            fetched = System.nanoTime();
            query = encode(snapshot, image);
            encoded = System.nanoTime();
        }
        answer(ctx, snapshot, params, params.toQuery(query.vector(), query.local()), null, start, fetched, encoded);
    }

    void similar(Context ctx) {
        long start = System.nanoTime();
        String imageId = ImageIds.require(ctx.pathParam("id"));
        SearchParams params = SearchParams.parse(ctx.queryParamMap(), config);
        SearchSnapshot snapshot = snapshots.get();
        requireMode(snapshot, params);
        QueryEncoder.Encoded stored = stored(snapshot, imageId);
        // One more than asked, so the page stays full once the image itself is left out.
        SearchQuery query = params.toQuery(stored.vector(), stored.local()).withK(params.k() + 1);
        answer(ctx, snapshot, params, query, imageId, start, start, start);
    }

    private void answer(
            Context ctx,
            SearchSnapshot snapshot,
            SearchParams params,
            SearchQuery query,
            String exclude,
            long start,
            long fetched,
            long encoded) {
        SearchBackend backend = snapshot.backend();
        SearchOutcome outcome = backend.search(query);
        List<SearchResponse.Result> results = new ArrayList<>(params.k());
        for (SearchHit hit : outcome.hits()) {
            if (hit.imageId().equals(exclude) || results.size() == params.k()) {
                continue;
            }
            Map<String, String> attributes = outcome.attributes().containsKey(hit.imageId())
                    ? outcome.attributes().get(hit.imageId())
                    : backend.image(hit.imageId()).map(StoredImage::attributes).orElse(Map.of());
            Float similarity = Float.isNaN(hit.similarity()) ? null : hit.similarity();
            results.add(new SearchResponse.Result(
                    hit.imageId(),
                    hit.score(),
                    similarity,
                    snapshot.matching().level(hit.similarity(), hit.inliers()).label(),
                    params.offset() + results.size() + 1,
                    attributes,
                    ImageIds.thumbnailUrl(hit.imageId()),
                    hit.verified() ? hit.inliers() : null,
                    outcome.matches().get(hit.imageId())));
        }
        long done = System.nanoTime();
        SearchResponse.Timings timings = new SearchResponse.Timings(
                millis(fetched - start), millis(encoded - fetched), millis(done - encoded), millis(done - start));
        LOG.debug(
                "search k={} offset={} mode={} qe={} filters={} hits={} totalMs={}",
                params.k(),
                params.offset(),
                params.mode(),
                params.expand(),
                params.filters().size(),
                results.size(),
                timings.totalMs());
        ctx.json(new SearchResponse(
                snapshot.modelVersion(),
                params.k(),
                params.offset(),
                params.mode().name().toLowerCase(Locale.ROOT),
                params.expand(),
                outcome.partial(),
                results,
                timings));
    }

    private static void requireMode(SearchSnapshot snapshot, SearchParams params) {
        if (!snapshot.backend().supports(params.mode())) {
            throw ApiProblem.badRequest(
                    "mode-unavailable",
                    "Search mode '" + params.mode().name().toLowerCase(Locale.ROOT)
                            + "' is not available: the served model " + snapshot.modelVersion() + " has no "
                            + (params.mode() == SearchMode.IVFPQ ? "IVF-PQ" : "PQ") + " codebooks (fit a bundle with "
                            + "'./sightline fit --pq-m M --ivf-nlist N' and serve it, see docs/retrieval.md 'Compressed search')");
        }
    }

    /** A stored image as a query: its vector and, for verification, its local features. */
    private static QueryEncoder.Encoded stored(SearchSnapshot snapshot, String imageId) {
        float[] vector = snapshot.backend()
                .vector(imageId)
                .orElseThrow(() -> new ApiProblem(404, "image-not-found", "Image '" + imageId + "' is not indexed"));
        return new QueryEncoder.Encoded(vector, snapshot.backend().localFeatures(imageId));
    }

    private byte[] fetch(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw ApiProblem.badRequest("invalid-url", "'url' is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiProblem.badRequest("invalid-url", "'url' must be an http or https URL");
        }
        try {
            return fetcher.fetch(url);
        } catch (QueryRejectedException e) {
            throw new ApiProblem(e.httpStatus(), "fetch-failed", e.getMessage(), e);
        }
    }

    private static QueryEncoder.Encoded encode(SearchSnapshot snapshot, byte[] image) {
        QueryEncoder.Encoded query;
        try {
            query = snapshot.encoder().describe(image);
        } catch (QueryRejectedException e) {
            LOG.debug("Query image rejected ({} bytes): {}", image.length, e.getMessage(), e);
            String detail = e.getMessage() == null || e.getMessage().isBlank()
                    ? "The query image was rejected"
                    : e.getMessage();
            throw new ApiProblem(e.httpStatus(), "query-rejected", detail, e);
        }
        if (query == null || query.vector() == null || query.vector().length == 0) {
            throw new IllegalStateException("QueryEncoder returned an empty descriptor");
        }
        return query;
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
