package io.sightline.search.cluster;

import io.sightline.index.ImageIndex;

/** This instance's shards, one per partition it owns. */
public interface PartitionedIndex {
    /**
     * The shard of {@code partition}. Using it fails with a runtime exception when this instance does not serve the
     * partition right now (not owned, restoring, moving).
     */
    ImageIndex partition(int partition);

    /** Every shard this instance serves, as one. */
    ImageIndex all();
}
