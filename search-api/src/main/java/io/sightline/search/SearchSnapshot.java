package io.sightline.search;

import java.util.Objects;

/**
 * What one search runs on: the model version, the query encoder of that model and the index built with it. The
 * server takes one snapshot per request and uses it for encoding and searching, so a query never mixes two index
 * generations (docs/decisions/013).
 *
 * @param modelVersion version of the model bundle behind {@code encoder} and {@code backend}
 * @param encoder      turns query images into descriptors of that model
 * @param backend      searches, metadata, thumbnails and stored vectors of that model's index
 */
public record SearchSnapshot(String modelVersion, QueryEncoder encoder, SearchBackend backend) {
    public SearchSnapshot {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(backend, "backend");
    }
}
