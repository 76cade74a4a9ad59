package io.sightline.search;

import io.sightline.match.MatchThresholds;
import java.util.Objects;

/**
 * What one search runs on: the model version, the query encoder of that model and the index built with it. The
 * server takes one snapshot per request and uses it for encoding and searching, so a query never mixes two index
 * generations (docs/decisions/013).
 *
 * @param modelVersion version of the model bundle behind {@code encoder} and {@code backend}
 * @param encoder      turns query images into descriptors of that model
 * @param backend      searches, metadata, thumbnails and stored vectors of that model's index
 * @param matching     that model's match-level thresholds, which turn a hit's raw similarity into a level
 */
public record SearchSnapshot(
        String modelVersion, QueryEncoder encoder, SearchBackend backend, MatchThresholds matching) {
    public SearchSnapshot {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(matching, "matching");
    }

    /** A model without calibrated match levels: every hit's level is {@code none}. */
    public SearchSnapshot(String modelVersion, QueryEncoder encoder, SearchBackend backend) {
        this(modelVersion, encoder, backend, MatchThresholds.none());
    }
}
