package io.sightline.search;

import io.sightline.index.VectorSearcher;
import java.util.Objects;

/**
 * What one search runs on: the model version, the query encoder of that model and the index built with it. The
 * server takes one snapshot per request and uses it for encoding and searching, so a query never mixes two index
 * generations (docs/decisions/013).
 *
 * @param modelVersion version of the model bundle behind {@code encoder} and {@code searcher}
 * @param encoder      turns query images into descriptors of that model
 * @param searcher     the index of that model's descriptors
 */
public record SearchSnapshot(String modelVersion, QueryEncoder encoder, VectorSearcher searcher) {
    public SearchSnapshot {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(searcher, "searcher");
    }
}
