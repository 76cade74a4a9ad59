package io.sightline.search.cluster;

import java.util.List;

/**
 * Images in the shards of some partitions (the body of a {@code GET /internal/v1/count} reply).
 *
 * @param count   images in the partitions that could be counted
 * @param missing partitions asked for that are not served here right now
 */
public record ShardCount(long count, List<Integer> missing) {
    public ShardCount {
        missing = List.copyOf(missing);
    }
}
