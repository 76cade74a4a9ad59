package io.sightline.search.cluster;

import io.sightline.index.ImageIndex;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchRequest;
import io.sightline.index.StoredImage;
import io.sightline.index.TopHits;
import io.sightline.search.AttributeFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a {@link ShardQuery} from this instance's shards: each named partition answers its top-k, the lists are
 * merged; a partition this instance cannot search right now is reported missing instead of failing the query.
 */
public final class LocalShardSearch {
    private static final Logger LOG = LoggerFactory.getLogger(LocalShardSearch.class);

    private final PartitionedIndex shards;

    public LocalShardSearch(PartitionedIndex shards) {
        this.shards = Objects.requireNonNull(shards, "shards");
    }

    public ShardReply search(ShardQuery query) {
        SearchRequest request = new SearchRequest(
                query.vector(),
                query.k(),
                query.mode(),
                query.rerank(),
                AttributeFilters.query(query.filters()),
                query.nprobe());
        List<List<SearchHit>> perShard = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        List<ImageIndex> searched = new ArrayList<>();
        for (int partition : query.partitions()) {
            try {
                ImageIndex shard = shards.partition(partition);
                perShard.add(shard.search(request));
                searched.add(shard);
            } catch (RuntimeException e) {
                LOG.debug("Shard of partition {} not searchable here now: {}", partition, e.toString());
                missing.add(partition);
            }
        }
        List<ShardReply.Hit> hits = new ArrayList<>();
        for (SearchHit hit : TopHits.merge(perShard, query.k())) {
            float[] vector = hit.rank() <= query.withVectors()
                    ? find(searched, shard -> shard.vector(hit.imageId())).orElse(null)
                    : null;
            Map<String, String> attributes = find(searched, shard -> shard.image(hit.imageId(), false))
                    .map(StoredImage::attributes)
                    .orElse(null);
            byte[] local = hit.rank() <= query.withLocal()
                    ? find(searched, shard -> shard.localFeatures(hit.imageId()))
                            .orElse(null)
                    : null;
            hits.add(new ShardReply.Hit(hit.imageId(), hit.score(), hit.rank(), vector, attributes, local));
        }
        return new ShardReply(hits, missing);
    }

    /** What the first shard holding the image says; empty if none does (any more). */
    private static <T> Optional<T> find(List<ImageIndex> searched, Function<ImageIndex, Optional<T>> read) {
        for (ImageIndex shard : searched) {
            try {
                Optional<T> found = read.apply(shard);
                if (found.isPresent()) {
                    return found;
                }
            } catch (RuntimeException e) {
                LOG.debug("Shard moved while reading a hit: {}", e.toString());
            }
        }
        return Optional.empty();
    }
}
