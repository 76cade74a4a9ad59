/**
 * The HTTP API and web page of Sightline.
 *
 * <p>{@link io.sightline.search.SearchServer} serves search ({@code POST /v1/search}, {@code GET
 * /v1/images/{id}/similar}), image management ({@code /v1/images}), operations ({@code /v1/health},
 * {@code /v1/ready}, {@code /v1/status}, {@code /metrics}, {@code /openapi.json}) and the page at {@code /}. The
 * handlers reach the index only through {@link io.sightline.search.SearchBackend} (today
 * {@link io.sightline.search.IndexSearchBackend} over this instance's shards) and publish through
 * {@link io.sightline.search.UploadSink}, so the application decides what is behind them. Every error is an RFC 9457
 * {@code application/problem+json} document ({@link io.sightline.search.Problem}), never a stack trace.
 */
package io.sightline.search;
