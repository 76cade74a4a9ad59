package io.sightline.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.descriptor.Descriptor;
import io.sightline.index.ImageMeta;
import io.sightline.index.SearchHit;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import io.sightline.match.MatchThresholds;
import io.sightline.search.IndexSearchBackend;
import io.sightline.search.SearchOutcome;
import io.sightline.search.SearchQuery;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: Paris photos described by the default extraction stack (global descriptor and backbone cells from
 * one pass) and stored in a real Lucene shard, searched the way the API serves search
 * ({@link SearchEndpoint#expandedSearch} with the default keys and served match thresholds).
 */
final class PhotoShard implements AutoCloseable {
    final SightlineConfig config;
    final ExtractionStack stack;
    final ShardIndex shard;

    /** Indexes {@code names} (the full subset must be present: skips on a bare clone) into a shard under {@code dir}. */
    PhotoShard(Path dir, List<String> names) throws Exception {
        SharedData.paris();
        config = SightlineConfig.load(
                Map.of(), Map.of(), Map.of(), SharedData.locations().root());
        stack = ExtractionStack.fromConfig(config);
        shard = ShardIndex.open(dir.resolve("shard"), stack.extractor().dimension(), VectorFormat.HNSW_FLOAT);
        long last = 0;
        for (String name : names) {
            Descriptor d = stack.extractor().describe(photo(name));
            last = shard.upsert(
                    name,
                    d.vector(),
                    Map.of(),
                    new ImageMeta(
                            "m",
                            d.width(),
                            d.height(),
                            0,
                            null,
                            d.local().orElseThrow().toBytes()));
        }
        assertThat(shard.awaitSearchable(last, 10_000)).isTrue();
    }

    /** A Paris photo decoded as ingest decodes it. */
    BufferedImage photo(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(SharedData.parisImage(name));
        return stack.decoder()
                .decode(bytes, stack.extractor().largestInputSide())
                .image();
    }

    Descriptor describe(String name) throws Exception {
        return stack.extractor().describe(photo(name));
    }

    /** The match thresholds the API serves with the default keys. */
    MatchThresholds served() {
        return stack.matching(config).thresholds();
    }

    SearchOutcome search(SearchQuery query) {
        return new IndexSearchBackend(shard, SearchEndpoint.expandedSearch(config, served())).search(query);
    }

    List<SearchHit> hits(SearchQuery query) {
        return search(query).hits();
    }

    @Override
    public void close() {
        shard.close();
        stack.close();
    }
}
