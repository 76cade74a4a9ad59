package io.sightline.streams.matches;

import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageMatch;
import java.util.Optional;

/**
 * Finds the indexed image a new descriptor copies, if any: the application answers it with its search (all
 * partitions, verified), so the topology stays free of search and cluster concerns. Thread-safe.
 */
@FunctionalInterface
public interface MatchFinder {

    /** The best copy of {@code descriptor}'s image among the other indexed images, at near-duplicate or above. */
    Optional<ImageMatch> find(ImageDescriptor descriptor);
}
