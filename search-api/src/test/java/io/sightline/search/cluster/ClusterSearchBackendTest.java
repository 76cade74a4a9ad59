package io.sightline.search.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.expansion.AlphaQueryExpansion;
import io.sightline.expansion.DatabaseAugmentation;
import io.sightline.index.ImageIndex;
import io.sightline.index.ImageMeta;
import io.sightline.index.SearchMode;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import io.sightline.search.ApiKeys;
import io.sightline.search.ExpandedSearch;
import io.sightline.search.IndexSearchBackend;
import io.sightline.search.SearchBackend;
import io.sightline.search.SearchOutcome;
import io.sightline.search.SearchQuery;
import io.sightline.search.SearchServer;
import io.sightline.search.SearchServerConfig;
import io.sightline.search.SearchServices;
import io.sightline.search.SystemStatus;
import io.sightline.search.UploadSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two "instances" on loopback: A holds partitions 0 and 1 in process, B serves 2 and 3 through a real
 * {@link SearchServer} with the {@link InternalRoutes}. A's fan-out must rank exactly as one index holding all 40
 * images, with query expansion, paging and filters; a missing shard makes the answer partial, never an error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSearchBackendTest {
    private static final int DIM = 16;
    private static final int PARTITIONS = 4;
    /** Generous: the first request to a fresh server on a busy 2-core machine can take seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final ExpandedSearch SEARCH = new ExpandedSearch(new AlphaQueryExpansion(5, 3), 5);
    private static final ExpandedSearch WITH_DBA =
            new ExpandedSearch(new AlphaQueryExpansion(5, 3), 5, Optional.of(new DatabaseAugmentation(5, 3)), 15);

    private Path dir;

    private final Map<String, float[]> vectors = new HashMap<>();
    private final List<ShardIndex> opened = new ArrayList<>();
    private ShardIndex reference;
    private Map<Integer, ShardIndex> shards;
    private SearchServer serverB;
    private PeerClient peers;

    @BeforeAll
    void indexFortyImages(@TempDir Path tempDir) {
        dir = tempDir;
        Random random = new Random(7);
        Map<ShardIndex, Long> last = new HashMap<>();
        reference = open("all");
        shards = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            shards.put(p, open("p" + p));
        }
        for (int i = 0; i < 40; i++) {
            String id = "img-" + i;
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) random.nextGaussian();
            }
            normalise(v);
            vectors.put(id, v);
            Map<String, String> attributes = Map.of("parity", i % 2 == 0 ? "even" : "odd");
            ImageMeta meta = new ImageMeta("m1", 64, 48, 1L, new byte[] {(byte) i});
            last.put(reference, reference.upsert(id, v, attributes, meta));
            ShardIndex shard = shards.get(i % PARTITIONS);
            last.put(shard, shard.upsert(id, v, attributes, meta));
        }
        last.forEach((index, sequence) ->
                assertThat(index.awaitSearchable(sequence, 10_000)).isTrue());
    }

    @AfterEach
    void closeInstanceB() {
        if (serverB != null) {
            serverB.close();
        }
        if (peers != null) {
            peers.close();
        }
    }

    @AfterAll
    void closeShards() {
        opened.forEach(ShardIndex::close);
    }

    @Test
    void fanOutRanksExactlyAsOneIndex() {
        ClusterSearchBackend a = clusterWithB(ApiKeys.none(), Optional.empty());
        SearchBackend single = new IndexSearchBackend(reference, SEARCH);
        for (String id : List.of("img-3", "img-10", "img-27")) {
            for (SearchQuery query : List.of(
                    new SearchQuery(vectors.get(id), 10, 0, SearchMode.EXACT, true, Map.of(), -1f),
                    new SearchQuery(vectors.get(id), 10, 0, SearchMode.HNSW, false, Map.of(), -1f),
                    new SearchQuery(vectors.get(id), 5, 7, SearchMode.EXACT, true, Map.of("parity", "odd"), -1f),
                    new SearchQuery(vectors.get(id), 20, 0, SearchMode.EXACT, true, Map.of(), 0.1f))) {
                SearchOutcome fanned = a.search(query);
                assertThat(fanned.partial()).isFalse();
                assertThat(fanned.hits())
                        .as("query %s k=%d offset=%d", id, query.k(), query.offset())
                        .isEqualTo(single.search(query).hits())
                        .isNotEmpty();
                fanned.hits()
                        .forEach(hit -> assertThat(fanned.attributes())
                                .as("attributes sent with the hits")
                                .containsEntry(
                                        hit.imageId(),
                                        Map.of("parity", number(hit.imageId()) % 2 == 0 ? "even" : "odd")));
            }
        }
        assertThat(a.indexSize()).isEqualTo(40);
        // img-6 lives in partition 2, on B: its reads go there.
        assertThat(a.vector("img-6")).hasValueSatisfying(v -> assertThat(v).containsExactly(vectors.get("img-6")));
        assertThat(a.image("img-6"))
                .hasValueSatisfying(image -> assertThat(image.attributes()).containsEntry("parity", "even"));
        assertThat(a.thumbnail("img-6"))
                .hasValueSatisfying(jpeg -> assertThat(jpeg).containsExactly(6));
        assertThat(a.image("nope")).isEmpty();
    }

    @Test
    void fanOutWithShortlistDbaRanksExactlyAsOneIndex() {
        // Shortlisted hits and their neighbours live on both instances: their vectors must come back with the hits.
        ClusterSearchBackend a = clusterWithB(ApiKeys.none(), Optional.empty(), WITH_DBA);
        SearchBackend single = new IndexSearchBackend(reference, WITH_DBA);
        SearchBackend withoutDba = new IndexSearchBackend(reference, SEARCH);
        for (String id : List.of("img-3", "img-27")) {
            for (SearchQuery query : List.of(
                    new SearchQuery(vectors.get(id), 10, 0, SearchMode.EXACT, true, Map.of(), -1f),
                    new SearchQuery(vectors.get(id), 5, 3, SearchMode.EXACT, false, Map.of("parity", "odd"), -1f))) {
                SearchOutcome fanned = a.search(query);
                assertThat(fanned.partial()).isFalse();
                assertThat(fanned.hits())
                        .as("query %s", id)
                        .isEqualTo(single.search(query).hits())
                        .isNotEmpty()
                        .isNotEqualTo(withoutDba.search(query).hits());
            }
        }
    }

    @Test
    void aMissingShardMakesTheAnswerPartialNotAnError() {
        ClusterSearchBackend a = clusterWithB(ApiKeys.none(), Optional.empty());
        SearchQuery query = new SearchQuery(vectors.get("img-6"), 40, 0, SearchMode.EXACT, true, Map.of(), -1f);
        serverB.close();
        SearchOutcome outcome = a.search(query);
        assertThat(outcome.partial()).isTrue();
        assertThat(outcome.hits())
                .hasSize(20)
                .allSatisfy(
                        hit -> assertThat(number(hit.imageId()) % PARTITIONS).isIn(0, 1));
        assertThat(a.image("img-6")).isEmpty();

        ClusterSearchBackend unowned = new ClusterSearchBackend(
                new FixedShardMap(new Placement(PARTITIONS, Map.of(0, new Owner("a", true)))), local(), peers, SEARCH);
        assertThat(unowned.search(query).partial()).isTrue();
    }

    @Test
    void internalRoutesNeedTheReadScopeWhenKeysAreOn() {
        ApiKeys keys = ApiKeys.parse(List.of("peer-key=read", "writer=write"));
        SearchQuery query = new SearchQuery(vectors.get("img-6"), 40, 0, SearchMode.EXACT, false, Map.of(), -1f);
        ClusterSearchBackend withKey = clusterWithB(keys, Optional.of("peer-key"));
        assertThat(withKey.search(query).partial()).isFalse();
        try (PeerClient anonymous = new PeerClient(TIMEOUT, Optional.of("writer"))) {
            ClusterSearchBackend withoutRead = new ClusterSearchBackend(shardMapWithB(), local(), anonymous, SEARCH);
            SearchOutcome outcome = withoutRead.search(query);
            assertThat(outcome.partial()).isTrue();
            assertThat(outcome.hits()).hasSize(20);
        }
    }

    private ClusterSearchBackend clusterWithB(ApiKeys keys, Optional<String> peerKey) {
        return clusterWithB(keys, peerKey, SEARCH);
    }

    private ClusterSearchBackend clusterWithB(ApiKeys keys, Optional<String> peerKey, ExpandedSearch search) {
        PartitionedIndex onB = new FixedPartitions(Map.of(2, shards.get(2), 3, shards.get(3)));
        SearchServices services = new SearchServices(
                bytes -> new float[DIM],
                url -> new byte[0],
                new IndexSearchBackend(onB.all(), search),
                new NoUploads(),
                new Ready(),
                () -> "m1",
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        serverB = new SearchServer(SearchServerConfig.defaults().withApiKeys(keys), services, new InternalRoutes(onB))
                .start();
        peers = new PeerClient(TIMEOUT, peerKey);
        return new ClusterSearchBackend(shardMapWithB(), local(), peers, search);
    }

    private ShardMap shardMapWithB() {
        Owner a = new Owner("127.0.0.1:1", true);
        Owner b = new Owner("127.0.0.1:" + serverB.port(), false);
        return new FixedShardMap(new Placement(PARTITIONS, Map.of(0, a, 1, a, 2, b, 3, b)));
    }

    private PartitionedIndex local() {
        return new FixedPartitions(Map.of(0, shards.get(0), 1, shards.get(1)));
    }

    private ShardIndex open(String name) {
        ShardIndex index = ShardIndex.open(dir.resolve(name), DIM, VectorFormat.HNSW_FLOAT);
        opened.add(index);
        return index;
    }

    private static int number(String imageId) {
        return Integer.parseInt(imageId.substring("img-".length()));
    }

    private static void normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int d = 0; d < v.length; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
    }

    /** Owners fixed by the test; ids map to partitions as the test indexed them (number modulo 4). */
    private record FixedShardMap(Placement placement) implements ShardMap {
        @Override
        public Optional<Owner> ownerOf(String imageId) {
            try {
                return Optional.ofNullable(placement.owners().get(number(imageId) % PARTITIONS));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** Shards held "here"; any other partition fails like a store Kafka Streams does not serve. */
    private record FixedPartitions(Map<Integer, ShardIndex> held) implements PartitionedIndex {
        @Override
        public ImageIndex partition(int partition) {
            ShardIndex shard = held.get(partition);
            if (shard == null) {
                throw new IllegalStateException("partition " + partition + " is not served here");
            }
            return shard;
        }

        @Override
        public ImageIndex all() {
            return new MergedShards(List.copyOf(held.values()));
        }
    }

    private static final class NoUploads implements UploadSink {
        @Override
        public void publishBytes(String imageId, byte[] image, String contentType, Map<String, String> attributes) {}

        @Override
        public void publishUrl(String imageId, String url, Map<String, String> attributes) {}

        @Override
        public void delete(String imageId) {}
    }

    private static final class Ready implements SystemStatus {
        @Override
        public Readiness readiness() {
            return new Readiness(true, "RUNNING", Map.of());
        }

        @Override
        public IngestStatus ingest() {
            return new IngestStatus(0, 0, 0, 0);
        }
    }
}
