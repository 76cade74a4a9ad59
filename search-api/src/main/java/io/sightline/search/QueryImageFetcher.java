package io.sightline.search;

/** Fetches the query image of a search by URL; the application wires the pipeline's fetcher and its SSRF policy. */
@FunctionalInterface
public interface QueryImageFetcher {

    /**
     * @throws QueryRejectedException when the URL is refused by the fetch policy or cannot be fetched
     */
    byte[] fetch(String url) throws QueryRejectedException;
}
