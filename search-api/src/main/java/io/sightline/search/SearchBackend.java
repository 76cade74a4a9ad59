package io.sightline.search;

import io.sightline.index.SearchMode;
import io.sightline.index.StoredImage;
import io.sightline.verify.LocalFeatures;
import java.util.Optional;

/**
 * Where the HTTP handlers search and read images. Today {@link IndexSearchBackend} over this instance's shards; a
 * fan-out over the instances that own the other partitions plugs in here without touching the handlers.
 * Implementations are thread-safe.
 */
public interface SearchBackend {

    /** Top hits for the query, after offset, filters and the minimum score. */
    SearchOutcome search(SearchQuery query);

    /** Whether searches in {@code mode} can be answered (PQ modes need an index built with quantizers). */
    boolean supports(SearchMode mode);

    /** Attributes and metadata of an indexed image, without its thumbnail. */
    Optional<StoredImage> image(String imageId);

    /** The JPEG thumbnail made at ingest, if the image is indexed and has one. */
    Optional<byte[]> thumbnail(String imageId);

    /** The stored descriptor of an indexed image (search by image id). */
    Optional<float[]> vector(String imageId);

    /** The stored local features of an indexed image (search by image id verifies with them); empty if none. */
    default Optional<LocalFeatures> localFeatures(String imageId) {
        return Optional.empty();
    }

    /** Images currently searchable. */
    long indexSize();
}
