package io.sightline.index;

import java.util.List;
import java.util.Optional;

/**
 * What the search API reads from an index, be it one {@link ShardIndex} or a view over several: searches in any
 * mode, size, membership, stored vectors and stored image data.
 */
public interface ImageIndex {
    /** Top-k nearest neighbours of an L2-normalised query in the default mode; hits best first, ranks from 1. */
    List<SearchHit> search(float[] query, int k);

    int count();

    boolean contains(String imageId);

    /** The stored vector of an indexed image (query expansion reads its neighbours' vectors). */
    Optional<float[]> vector(String imageId);

    /** The stored local features of an indexed image ({@code LocalFeatures#toBytes}), for geometric verification. */
    Optional<byte[]> localFeatures(String imageId);

    /** Searches with the request's mode, filter and re-ranking; hits best first, ranks from 1. */
    List<SearchHit> search(SearchRequest request);

    /** Attributes and stored metadata of an indexed image; the thumbnail bytes only when asked for. */
    Optional<StoredImage> image(String imageId, boolean withThumbnail);

    /** Whether {@link #search(SearchRequest)} can run in this mode (PQ modes need quantizers). */
    boolean supports(SearchMode mode);
}
