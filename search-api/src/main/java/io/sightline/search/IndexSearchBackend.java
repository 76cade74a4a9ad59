package io.sightline.search;

import io.sightline.expansion.QueryExpansion;
import io.sightline.index.ImageIndex;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.StoredImage;
import io.sightline.verify.LocalFeatures;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Searches an {@link ImageIndex} (this instance's shards): filters become a Lucene filter, and {@link ExpandedSearch}
 * runs the rounds (query expansion), offset and minimum score.
 */
public final class IndexSearchBackend implements SearchBackend {
    private final ImageIndex index;
    private final ExpandedSearch search;

    /**
     * @param expansion  what {@link SearchQuery#expand()} applies; {@link QueryExpansion#none()} for none
     * @param neighbours how many first-round hits the expansion reads (its k); 0 disables expansion
     */
    public IndexSearchBackend(ImageIndex index, QueryExpansion expansion, int neighbours) {
        this(index, new ExpandedSearch(expansion, neighbours));
    }

    public IndexSearchBackend(ImageIndex index, ExpandedSearch search) {
        this.index = Objects.requireNonNull(index, "index");
        this.search = Objects.requireNonNull(search, "search");
    }

    @Override
    public SearchOutcome search(SearchQuery query) {
        SearchRequest request = new SearchRequest(
                query.vector(),
                query.k(),
                query.mode(),
                query.rerank(),
                AttributeFilters.query(query.filters()),
                query.nprobe());
        SearchRequest unfiltered = request.withFilter(AttributeFilters.query(Map.of()));
        ExpandedSearch.Result result = search.runExplained(query, new ExpandedSearch.Rounds() {
            @Override
            public List<SearchHit> search(float[] vector, int k, int withVectors) {
                return index.search(request.withVector(vector).withK(k));
            }

            @Override
            public List<SearchHit> neighbours(float[] vector, int k) {
                return index.search(unfiltered.withVector(vector).withK(k));
            }

            @Override
            public Optional<float[]> vector(String imageId) {
                return index.vector(imageId);
            }

            @Override
            public Optional<LocalFeatures> localFeatures(String imageId) {
                return IndexSearchBackend.this.localFeatures(imageId);
            }
        });
        return new SearchOutcome(result.hits(), false, Map.of(), result.matches());
    }

    @Override
    public Optional<LocalFeatures> localFeatures(String imageId) {
        return index.localFeatures(imageId).map(LocalFeatures::fromBytes);
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
