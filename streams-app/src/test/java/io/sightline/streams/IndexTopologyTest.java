package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.index.SearchHit;
import io.sightline.index.VectorFormat;
import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.Stage;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.index.LuceneShardStore;
import io.sightline.testing.RandomVectors;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index sub-topology: descriptors into the partition's Lucene shard, upsert, delete, dead letters. */
class IndexTopologyTest {
    private static final int DIM = 16;
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    private RecordSerdes serdes;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> descriptors;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private LuceneShardStore shard;

    @BeforeEach
    void startDriver() {
        LocalSchemaRegistry registry = new LocalSchemaRegistry(new InMemorySchemaStore());
        serdes = new RecordSerdes(
                AvroSerdes.value(ImageUploaded.class, registry),
                AvroSerdes.value(ImageDescriptor.class, registry),
                AvroSerdes.value(DeadLetter.class, registry));
        var topology = new SightlineTopology(TOPICS, serdes, java.time.Clock.systemUTC())
                .build(Optional.empty(), Optional.of(new SightlineTopology.IndexStage(DIM, VectorFormat.HNSW_FLOAT)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "index-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props);
        descriptors = driver.createInputTopic(TOPICS.descriptors(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                new StringDeserializer(),
                serdes.deadLetters().deserializer());
        shard = (LuceneShardStore) driver.getStateStore(SightlineTopology.INDEX_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void index(String id, float[] vector, int dim) {
        ImageDescriptor d = ImageDescriptor.newBuilder()
                .setImageId(id)
                .setModelVersion("test")
                .setDim(dim)
                .setVector(VectorBytes.encode(vector))
                .setAttributes(Map.of())
                .setWidth(10)
                .setHeight(10)
                .setExtractedAt(Instant.EPOCH)
                .build();
        descriptors.pipeInput(id, serdes.descriptors().serializer().serialize(TOPICS.descriptors(), d));
    }

    @Test
    void thumbnailAndMetadataAreKeptWithTheIndex() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        ImageDescriptor d = ImageDescriptor.newBuilder()
                .setImageId("with-thumb")
                .setModelVersion("model-7")
                .setDim(DIM)
                .setVector(VectorBytes.encode(unit(new Random(5))))
                .setAttributes(Map.of("city", "paris"))
                .setWidth(800)
                .setHeight(600)
                .setExtractedAt(Instant.ofEpochMilli(1234))
                .setThumbnail(java.nio.ByteBuffer.wrap(jpeg))
                .build();
        descriptors.pipeInput("with-thumb", serdes.descriptors().serializer().serialize(TOPICS.descriptors(), d));
        index("without-thumb", unit(new Random(6)), DIM);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> shard.count() == 2);

        io.sightline.index.StoredImage stored = shard.image("with-thumb", true).orElseThrow();
        assertThat(stored.attributes()).containsExactly(Map.entry("city", "paris"));
        assertThat(stored.meta().thumbnail()).containsExactly(jpeg);
        assertThat(stored.meta().modelVersion()).isEqualTo("model-7");
        assertThat(stored.meta().width()).isEqualTo(800);
        assertThat(stored.meta().extractedAtMillis()).isEqualTo(1234);
        assertThat(shard.image("with-thumb", false).orElseThrow().meta().thumbnail())
                .isNull();
        assertThat(shard.image("without-thumb", true).orElseThrow().meta().thumbnail())
                .isNull();
        assertThat(shard.image("absent", true)).isEmpty();
    }

    @Test
    void descriptorsBecomeSearchableAndTombstonesDelete() {
        Random random = new Random(3);
        float[][] vectors = new float[20][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = unit(random);
            index("img-" + i, vectors[i], DIM);
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> shard.count() == 20);
        for (int i = 0; i < vectors.length; i++) {
            SearchHit top = shard.search(vectors[i], 1).get(0);
            assertThat(top.imageId()).isEqualTo("img-" + i);
            assertThat(top.score()).isGreaterThan(0.999f);
        }
        descriptors.pipeInput("img-3", (byte[]) null);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !shard.contains("img-3"));
        assertThat(shard.count()).isEqualTo(19);
        assertThat(shard.search(vectors[3], 19)).extracting(SearchHit::imageId).doesNotContain("img-3");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void badDescriptorsBecomeDeadLettersAndIndexingGoesOn() {
        descriptors.pipeInput("garbage", new byte[] {1, 2, 3});
        index("wrong-dim", new float[DIM + 4], DIM + 4);
        index("ok", unit(new Random(1)), DIM);
        var letters = deadLetters.readKeyValuesToMap();
        assertThat(letters).containsOnlyKeys("garbage", "wrong-dim");
        assertThat(letters.values()).allSatisfy(l -> assertThat(l.getStage()).isEqualTo(Stage.INDEX));
        assertThat(letters.get("wrong-dim").getMessage()).contains(String.valueOf(DIM + 4));
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> shard.contains("ok"));
    }

    private static float[] unit(Random random) {
        return RandomVectors.unit(random, DIM);
    }
}
