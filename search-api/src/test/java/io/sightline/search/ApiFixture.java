package io.sightline.search;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.expansion.QueryExpansion;
import io.sightline.index.ImageMeta;
import io.sightline.index.Quantizers;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server over a real Lucene {@link ShardIndex} in a temporary directory, with the hashing encoder, a recording
 * upload sink and a fetcher that serves one known URL.
 */
final class ApiFixture implements AutoCloseable {
    static final String MODEL = "test-model-1";
    static final String KNOWN_URL = "https://images.example.com/c.jpg";

    final ShardIndex index;
    final RecordingUploads uploads = new RecordingUploads();
    final SearchServer server;
    volatile boolean ready = true;

    ApiFixture(Path dir, SearchServerConfig config, Map<String, Map<String, String>> images, byte[] thumbnail) {
        this(dir, config, images, thumbnail, Quantizers.none());
    }

    /** With a shard that stores PQ / IVF-PQ codes made with {@code quantizers}. */
    ApiFixture(
            Path dir,
            SearchServerConfig config,
            Map<String, Map<String, String>> images,
            byte[] thumbnail,
            Quantizers quantizers) {
        index = ShardIndex.open(dir, HashingQueryEncoder.DIM, VectorFormat.HNSW_FLOAT, quantizers);
        images.forEach((id, attributes) -> index.awaitSearchable(
                index.upsert(
                        id,
                        HashingQueryEncoder.vector(id.getBytes()),
                        attributes,
                        new ImageMeta(MODEL, 640, 480, 1_700_000_000_000L, thumbnail)),
                5000));
        SearchBackend backend = new IndexSearchBackend(index, QueryExpansion.none(), 0);
        QueryImageFetcher fetcher = url -> {
            if (url.equals(KNOWN_URL)) {
                return "img-c".getBytes();
            }
            throw new QueryRejectedException("could not fetch the query image: refused by the fetch policy", 422);
        };
        SystemStatus status = new SystemStatus() {
            @Override
            public Readiness readiness() {
                return new Readiness(ready, ready ? "RUNNING" : "REBALANCING", Map.of());
            }

            @Override
            public IngestStatus ingest() {
                return new IngestStatus(backend.indexSize(), 2, 3, 0);
            }
        };
        server = new SearchServer(
                        config,
                        new SearchServices(
                                new HashingQueryEncoder(),
                                fetcher,
                                backend,
                                uploads,
                                status,
                                () -> MODEL,
                                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .start();
    }

    @Override
    public void close() {
        server.close();
        index.close();
    }

    /** What the API published. */
    static final class RecordingUploads implements UploadSink {
        record Published(String imageId, String source, Map<String, String> attributes) {}

        final List<Published> published = new CopyOnWriteArrayList<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();

        @Override
        public void publishBytes(String imageId, byte[] image, String contentType, Map<String, String> attributes) {
            published.add(new Published(imageId, image.length + " bytes", attributes));
        }

        @Override
        public void publishUrl(String imageId, String url, Map<String, String> attributes) {
            published.add(new Published(imageId, url, attributes));
        }

        @Override
        public void delete(String imageId) {
            deleted.add(imageId);
        }
    }
}
