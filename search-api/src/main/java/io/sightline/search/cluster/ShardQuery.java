package io.sightline.search.cluster;

import io.sightline.index.SearchMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One round of a search, asked of the shards of some partitions (the body of {@code POST /internal/v1/search}).
 *
 * @param vector      query descriptor
 * @param k           hits wanted from these partitions together
 * @param mode        search mode
 * @param filters     attribute filters, all must match
 * @param partitions  the partitions to search; others the instance may hold are left out, so a shard moving
 *                    between two instances is never counted twice
 * @param withVectors attach the stored vector to this many of the best hits (for query expansion); 0 for none
 */
public record ShardQuery(float[] vector, int k, SearchMode mode, Map<String, String> filters, List<Integer> partitions,
                         int withVectors) {
    public ShardQuery {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(mode, "mode");
        filters = filters == null ? Map.of() : Map.copyOf(filters);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        if (k < 1 || withVectors < 0) {
            throw new IllegalArgumentException("need k >= 1 and withVectors >= 0: k=" + k + " withVectors=" + withVectors);
        }
    }

    public ShardQuery withPartitions(List<Integer> only) {
        return new ShardQuery(vector, k, mode, filters, only, withVectors);
    }
}
