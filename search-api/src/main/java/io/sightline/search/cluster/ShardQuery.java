package io.sightline.search.cluster;

import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
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
 * @param rerank      shortlist each shard re-ranks by exact similarity (0: none)
 * @param nprobe      IVF cells visited in mode ivfpq; 0 (a peer that does not send it) means the default
 * @param withLocal   attach the stored local features to this many of the best hits (for verification); 0 (also
 *                    from a peer that does not send it) for none
 */
public record ShardQuery(
        float[] vector,
        int k,
        SearchMode mode,
        Map<String, String> filters,
        List<Integer> partitions,
        int withVectors,
        int rerank,
        int nprobe,
        int withLocal) {
    public ShardQuery {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(mode, "mode");
        filters = filters == null ? Map.of() : Map.copyOf(filters);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        nprobe = nprobe == 0 ? SearchRequest.DEFAULT_NPROBE : nprobe;
        if (k < 1 || withVectors < 0 || rerank < 0 || nprobe < 1 || withLocal < 0) {
            throw new IllegalArgumentException("need k >= 1, withVectors >= 0, rerank >= 0, nprobe >= 1: k=" + k
                    + " withVectors=" + withVectors + " rerank=" + rerank + " nprobe=" + nprobe + " withLocal="
                    + withLocal);
        }
    }

    /** Without local features. */
    public ShardQuery(
            float[] vector,
            int k,
            SearchMode mode,
            Map<String, String> filters,
            List<Integer> partitions,
            int withVectors,
            int rerank,
            int nprobe) {
        this(vector, k, mode, filters, partitions, withVectors, rerank, nprobe, 0);
    }

    /** Without re-ranking, and the default nprobe. */
    public ShardQuery(
            float[] vector,
            int k,
            SearchMode mode,
            Map<String, String> filters,
            List<Integer> partitions,
            int withVectors) {
        this(vector, k, mode, filters, partitions, withVectors, 0, SearchRequest.DEFAULT_NPROBE);
    }

    public ShardQuery withPartitions(List<Integer> only) {
        return new ShardQuery(vector, k, mode, filters, only, withVectors, rerank, nprobe, withLocal);
    }
}
