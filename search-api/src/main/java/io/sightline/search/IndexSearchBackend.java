package io.sightline.search;

import io.sightline.expansion.QueryExpansion;
import io.sightline.expansion.ScoredVector;
import io.sightline.index.ImageIndex;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.ShardIndex;
import io.sightline.index.StoredImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * Searches an {@link ImageIndex} (this instance's shards): filters become a Lucene filter, query expansion runs a
 * first round and re-queries with the expanded vector, then offset and minimum score apply.
 */
public final class IndexSearchBackend implements SearchBackend {
    private final ImageIndex index;
    private final QueryExpansion expansion;
    private final int neighbours;

    /**
     * @param expansion  what {@link SearchQuery#expand()} applies; {@link QueryExpansion#none()} for none
     * @param neighbours how many first-round hits the expansion reads (its k); 0 disables expansion
     */
    public IndexSearchBackend(ImageIndex index, QueryExpansion expansion, int neighbours) {
        this.index = Objects.requireNonNull(index, "index");
        this.expansion = Objects.requireNonNull(expansion, "expansion");
        this.neighbours = neighbours;
    }

    @Override
    public SearchOutcome search(SearchQuery query) {
        int wanted = query.offset() + query.k();
        SearchRequest request = new SearchRequest(query.vector(), wanted, query.mode(), 0, filter(query.filters()),
                SearchRequest.DEFAULT_NPROBE);
        List<SearchHit> hits;
        if (query.expand() && neighbours > 0) {
            List<SearchHit> first = index.search(request.withK(Math.max(wanted, neighbours)));
            List<ScoredVector> ranked = new ArrayList<>(neighbours);
            for (SearchHit hit : first.subList(0, Math.min(neighbours, first.size()))) {
                index.vector(hit.imageId()).ifPresent(v -> ranked.add(new ScoredVector(ranked.size(), v, hit.score())));
            }
            hits = ranked.isEmpty() ? first : index.search(request.withVector(expansion.expand(query.vector(), ranked)));
        } else {
            hits = index.search(request);
        }
        List<SearchHit> page = new ArrayList<>(query.k());
        for (SearchHit hit : hits) {
            if (hit.rank() > query.offset() && page.size() < query.k() && hit.score() >= query.minScore()) {
                page.add(hit);
            }
        }
        return new SearchOutcome(page, false);
    }

    private static Query filter(Map<String, String> filters) {
        if (filters.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        filters.forEach((key, value) -> all.add(ShardIndex.attribute(key, value), BooleanClause.Occur.FILTER));
        return all.build();
    }

    @Override
    public boolean supports(SearchMode mode) {
        return index.supports(mode);
    }

    @Override
    public Optional<StoredImage> image(String imageId) {
        return index.image(imageId, false);
    }

    @Override
    public Optional<byte[]> thumbnail(String imageId) {
        return index.image(imageId, true).map(StoredImage::meta).map(meta -> meta.thumbnail());
    }

    @Override
    public Optional<float[]> vector(String imageId) {
        return index.vector(imageId);
    }

    @Override
    public long indexSize() {
        return index.count();
    }
}
