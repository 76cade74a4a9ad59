package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.bundle.BundleQuantizers;
import io.sightline.index.Quantizers;
import io.sightline.index.SearchHit;
import io.sightline.index.SearchMode;
import io.sightline.index.SearchRequest;
import io.sightline.index.VectorFormat;
import io.sightline.pq.KMeansParams;
import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.index.DescriptorApplier;
import io.sightline.streams.index.LuceneShardStore;
import io.sightline.streams.index.ShardSettings;
import io.sightline.testing.RandomVectors;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard rebuilt from the descriptors topic (Kafka Streams' restore callback) stores the codes the records carry,
 * exactly as the live path does, so a restored shard ranks like the one it replaces.
 */
class RestoredCodesTest {
    private static final int DIM = 16;

    @TempDir
    Path stateDir;

    @Test
    void restoringStoresTheRecordsCodesNotAReEncoding() {
        Random random = new Random(5);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            vectors.add(RandomVectors.unit(random, DIM));
        }
        Quantizers quantizers = BundleQuantizers.train(
                RandomVectors.jittered(vectors, 50, 0.03, random), 4, 2, 4, new KMeansParams(10, 1, 42, 1, 256));
        Serde<ImageDescriptor> serde =
                AvroSerdes.value(ImageDescriptor.class, new LocalSchemaRegistry(new InMemorySchemaStore()));
        String topic = Topics.defaults().descriptors();
        DescriptorCodes codes = new DescriptorCodes(quantizers);

        LuceneShardStore shard = new LuceneShardStore(
                "restored",
                new ShardSettings(DIM, VectorFormat.HNSW_FLOAT, quantizers),
                new DescriptorApplier(topic, serde.deserializer()));
        AtomicReference<StateRestoreCallback> restore = new AtomicReference<>();
        shard.init(context(restore), shard);
        try {
            for (int i = 0; i < vectors.size(); i++) {
                ImageDescriptor d = codes.addTo(ImageDescriptor.newBuilder(), vectors.get(i))
                        .setImageId("img-" + i)
                        .setModelVersion("m")
                        .setDim(DIM)
                        .setVector(VectorBytes.encode(vectors.get(i)))
                        .setAttributes(Map.of())
                        .setWidth(1)
                        .setHeight(1)
                        .setExtractedAt(Instant.EPOCH)
                        .build();
                restore.get().restore(key(d.getImageId()), serde.serializer().serialize(topic, d));
            }
            // img-0's vector with img-1's codes: restoring must keep the codes, so it scores as img-1 in pq / ivfpq.
            ImageDescriptor impostor = codes.addTo(ImageDescriptor.newBuilder(), vectors.get(1))
                    .setImageId("impostor")
                    .setModelVersion("m")
                    .setDim(DIM)
                    .setVector(VectorBytes.encode(vectors.get(0)))
                    .setAttributes(Map.of())
                    .setWidth(1)
                    .setHeight(1)
                    .setExtractedAt(Instant.EPOCH)
                    .build();
            restore.get().restore(key("impostor"), serde.serializer().serialize(topic, impostor));
            shard.flush();
            Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> shard.count() == 7);

            for (SearchMode mode : List.of(SearchMode.PQ, SearchMode.IVFPQ)) {
                Map<String, Float> scores = new HashMap<>();
                for (SearchHit hit :
                        shard.search(SearchRequest.of(vectors.get(1), 7, mode).withNprobe(2))) {
                    scores.put(hit.imageId(), hit.score());
                }
                assertThat(scores.get("impostor")).as(mode.name()).isEqualTo(scores.get("img-1"));
                assertThat(scores.get("impostor")).as(mode.name()).isNotEqualTo(scores.get("img-0"));
            }
            assertThat(shard.search(SearchRequest.of(vectors.get(0), 1, SearchMode.EXACT))
                            .get(0)
                            .score())
                    .as("the float vector is the record's")
                    .isGreaterThan(0.999f);
        } finally {
            shard.close();
        }
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    /** The two things the shard asks of its context: where to live, and whom to give restored records to. */
    private StateStoreContext context(AtomicReference<StateRestoreCallback> restore) {
        return (StateStoreContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {StateStoreContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "stateDir" -> stateDir.toFile();
                    case "register" -> {
                        restore.set((StateRestoreCallback) args[1]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
