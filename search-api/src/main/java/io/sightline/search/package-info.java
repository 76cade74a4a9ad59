/**
 * The HTTP search endpoint of Sightline.
 *
 * <p>{@link io.sightline.search.SearchServer} exposes {@code POST /v1/search} (query image as a raw body or a
 * multipart {@code image} field, {@code k} as query parameter) and {@code GET /v1/health}. Turning the uploaded
 * bytes into a descriptor is delegated to an injected {@link io.sightline.search.QueryEncoder}; nearest-neighbour
 * search to an injected {@link io.sightline.index.VectorSearcher}. Every error is answered as an RFC 9457
 * {@code application/problem+json} document ({@link io.sightline.search.Problem}), never with a stack trace.
 */
package io.sightline.search;
