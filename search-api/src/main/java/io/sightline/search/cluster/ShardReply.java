package io.sightline.search.cluster;

import java.util.List;
import java.util.Map;

/**
 * What the shards of some partitions answered (the body of a {@code POST /internal/v1/search} reply).
 *
 * @param hits    best first, ranked from 1 among these partitions
 * @param missing partitions asked for that could not be searched (not served here right now)
 */
public record ShardReply(List<Hit> hits, List<Integer> missing) {
    public ShardReply {
        hits = List.copyOf(hits);
        missing = List.copyOf(missing);
    }

    /** Every partition asked for is missing (the owner timed out or failed). */
    public static ShardReply failed(List<Integer> partitions) {
        return new ShardReply(List.of(), partitions);
    }

    /**
     * One hit.
     *
     * @param vector     its stored vector when asked for, else null
     * @param attributes its attributes (so the coordinator need not ask for them again), null if it moved meanwhile
     * @param local      its stored local features ({@code LocalFeatures#toBytes}) when asked for and held, else null
     */
    public record Hit(
            String imageId, float score, int rank, float[] vector, Map<String, String> attributes, byte[] local) {

        public Hit(String imageId, float score, int rank, float[] vector, Map<String, String> attributes) {
            this(imageId, score, rank, vector, attributes, null);
        }
    }
}
