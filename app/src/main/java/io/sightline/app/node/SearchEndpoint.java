package io.sightline.app.node;

import io.sightline.app.config.SightlineConfig;
import io.sightline.backbone.ExtractionException;
import io.sightline.image.ImageLoadException;
import io.sightline.eval.PostProcessing;
import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.AverageQueryExpansion;
import io.sightline.expansion.QueryExpansion;
import io.sightline.index.ExpandingSearcher;
import io.sightline.index.VectorSearcher;
import io.sightline.streams.index.IndexShard;
import io.sightline.search.QueryEncoder;
import io.sightline.search.QueryRejectedException;
import io.sightline.search.SearchServer;
import io.sightline.search.SearchServerConfig;
import io.sightline.search.SearchSnapshot;
import java.util.function.Supplier;

/** The HTTP search endpoint wired to the real decoder and extractor and to this instance's shards. */
public final class SearchEndpoint {
    private SearchEndpoint() {
    }

    public static SearchServer start(SightlineConfig config, ExtractionStack extraction, IndexShard shards) {
        SearchSnapshot fixed = snapshot(config, extraction, shards);
        return start(config, () -> fixed);
    }

    /**
     * Serves whatever {@code current} returns, asked once per request: the index generation being served can
     * change between requests, never within one (docs/decisions/013).
     */
    public static SearchServer start(SightlineConfig config, Supplier<SearchSnapshot> current) {
        SearchServerConfig serverConfig = new SearchServerConfig(config.getString(SightlineConfig.HTTP_HOST),
                config.getInt(SightlineConfig.HTTP_PORT), config.getLong(SightlineConfig.HTTP_MAX_UPLOAD_BYTES),
                config.getInt(SightlineConfig.SEARCH_DEFAULT_K), config.getInt(SightlineConfig.SEARCH_MAX_K));
        return new SearchServer(serverConfig, current).start();
    }

    /** The model version, query encoder and (expanding) searcher of one extraction stack and its shards. */
    public static SearchSnapshot snapshot(SightlineConfig config, ExtractionStack extraction, IndexShard shards) {
        return new SearchSnapshot(extraction.extractor().modelVersion(), encoder(extraction),
                withExpansion(config, shards));
    }

    /** Query expansion as configured, reading the stored vectors of the first-round hits from the shards. */
    static VectorSearcher withExpansion(SightlineConfig config, IndexShard shards) {
        QueryExpansion expansion = PostProcessing.parseQueryExpansion(config.getString(SightlineConfig.SEARCH_QUERY_EXPANSION));
        return switch (expansion) {
            case AlphaQueryExpansion alpha -> new ExpandingSearcher(shards, shards::vector, alpha, alpha.k());
            case AverageQueryExpansion avg -> new ExpandingSearcher(shards, shards::vector, avg, avg.k());
            default -> shards;
        };
    }

    /** Query images go through exactly the pipeline's decoder and extractor. */
    static QueryEncoder encoder(ExtractionStack extraction) {
        return bytes -> {
            try {
                return extraction.extractor().extract(extraction.decoder().decode(bytes));
            } catch (ImageLoadException e) {
                throw new QueryRejectedException("query image rejected: " + e.getMessage(), 422, e);
            } catch (ExtractionException e) {
                throw new QueryRejectedException("could not describe the query image: " + e.getMessage(), 422, e);
            }
        };
    }
}
