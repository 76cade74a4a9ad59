package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.RMac;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.RegistryClientConfig;
import io.sightline.registry.RestSchemaRegistryClient;
import io.sightline.registry.SchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.Stage;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.ingest.ImageSourceLoader;
import io.sightline.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison pills through Kafka Streams' own deserialization exception handler (real topology, real registry client,
 * real backbone): undecodable keys, bytes that are not Confluent Avro, unknown schema ids and writer schemas that
 * cannot be read as today's ImageUploaded end on the dead-letter topic with stage DESERIALIZE and their raw
 * coordinates; an older but compatible schema version is indexed; an unreachable registry drops nothing.
 */
class PoisonPillTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final Topics TOPICS = Topics.defaults();
    private static DescriptorExtractor extractor;
    private static ImageFetcher fetcher;
    private static byte[] jpeg;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void loadModel() throws IOException {
        extractor = new DescriptorExtractor(
                new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1),
                "features_17",
                new RMac(3),
                160);
        fetcher = new ImageFetcher(ImageLimits.defaults());
        jpeg = Files.readAllBytes(SharedData.photos(1).getFirst());
    }

    @AfterAll
    static void closeModel() {
        extractor.close();
        fetcher.close();
    }

    private record Driver(
            TopologyTestDriver driver,
            TestInputTopic<byte[], byte[]> uploads,
            TestOutputTopic<String, ImageDescriptor> descriptors,
            TestOutputTopic<String, DeadLetter> deadLetters)
            implements AutoCloseable {
        @Override
        public void close() {
            driver.close();
        }
    }

    private Driver driver(SchemaRegistry registry) {
        RecordSerdes serdes = new RecordSerdes(
                AvroSerdes.value(ImageUploaded.class, registry),
                AvroSerdes.value(ImageDescriptor.class, registry),
                AvroSerdes.value(DeadLetter.class, registry));
        ImageLimits limits = ImageLimits.defaults();
        SightlineTopology topologies = new SightlineTopology(TOPICS, serdes, CLOCK);
        var topology = topologies.build(
                Optional.of(new SightlineTopology.IngestStage(
                        new ImageSourceLoader(fetcher, limits), new ImageDecoder(limits), extractor)),
                Optional.empty());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "poison-pill-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(topologies.deadLetterRouting().streamsConfig());
        TopologyTestDriver driver = new TopologyTestDriver(topology, props);
        return new Driver(
                driver,
                driver.createInputTopic(TOPICS.uploaded(), new ByteArraySerializer(), new ByteArraySerializer()),
                driver.createOutputTopic(
                        TOPICS.descriptors(),
                        new StringDeserializer(),
                        serdes.descriptors().deserializer()),
                driver.createOutputTopic(
                        TOPICS.deadLetters(),
                        new StringDeserializer(),
                        serdes.deadLetters().deserializer()));
    }

    private static ImageUploaded upload(String id) {
        return ImageUploaded.newBuilder()
                .setImageId(id)
                .setSource(ByteBuffer.wrap(jpeg))
                .setContentType(null)
                .setAttributes(Map.of())
                .setUploadedAt(CLOCK.instant())
                .build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Confluent framing (magic 0, schema id) around a generic record written with {@code schema}. */
    private static byte[] framed(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void poisonPillsAreDeadLetteredWithRawCoordinatesAndCompatibleVersionsAreIndexed() throws IOException {
        io.sightline.registry.LocalSchemaRegistry registry =
                new io.sightline.registry.LocalSchemaRegistry(new InMemorySchemaStore());
        // An older producer's schema: no contentType, no attributes (both have defaults today), so it is readable.
        Schema older = new Schema.Parser().parse("""
                {"type":"record","name":"ImageUploaded","namespace":"io.sightline.schemas","fields":[
                  {"name":"imageId","type":"string"},{"name":"source","type":["bytes","string"]},
                  {"name":"uploadedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");
        // A producer that got the type wrong: imageId as a number. Registered under its own subject, as a rogue
        // producer with a different subject strategy would; the reader must refuse it.
        Schema wrong = new Schema.Parser().parse("""
                {"type":"record","name":"ImageUploaded","namespace":"io.sightline.schemas","fields":[
                  {"name":"imageId","type":"long"},{"name":"source","type":"string"}]}""");
        int olderId = registry.register("legacy-uploads-value", older);
        int wrongId = registry.register("rogue-uploads-value", wrong);
        GenericRecord olderRecord = new GenericData.Record(older);
        olderRecord.put("imageId", "older-version");
        olderRecord.put("source", ByteBuffer.wrap(jpeg));
        olderRecord.put("uploadedAt", CLOCK.millis());
        GenericRecord wrongRecord = new GenericData.Record(wrong);
        wrongRecord.put("imageId", 42L);
        wrongRecord.put("source", "file:///x.jpg");

        try (Driver d = driver(registry)) {
            var serializer = AvroSerdes.value(ImageUploaded.class, registry).serializer();
            byte[] nonUtf8Key = {(byte) 0xff, (byte) 0xfe, 'x'};
            byte[] validValue = serializer.serialize(TOPICS.uploaded(), upload("non-utf8"));
            d.uploads().pipeInput(nonUtf8Key, validValue); // offset 0
            d.uploads().pipeInput(utf8("not-avro"), utf8("{\"imageId\":\"not-avro\"}")); // 1
            d.uploads().pipeInput(utf8("unknown-id"), new byte[] {0, 0, 0, 0x3b, (byte) 0x9a, 2, 'x'}); // 2
            d.uploads().pipeInput(utf8("empty-value"), new byte[0]); // 3
            d.uploads().pipeInput(utf8("wrong-version"), framed(wrongId, wrong, wrongRecord)); // 4
            d.uploads().pipeInput(utf8("older-version"), framed(olderId, older, olderRecord)); // 5
            byte[] truncated = Arrays.copyOf(validValue, 12);
            d.uploads().pipeInput(utf8("truncated-avro"), truncated); // 6
            d.uploads().pipeInput(utf8("good"), serializer.serialize(TOPICS.uploaded(), upload("good"))); // 7

            Map<String, DeadLetter> letters = new java.util.LinkedHashMap<>();
            for (TestRecord<String, DeadLetter> r : d.deadLetters().readRecordsToList()) {
                assertThat(letters.put(r.key(), r.value()))
                        .as("one dead letter per record")
                        .isNull();
            }
            assertThat(letters)
                    .containsOnlyKeys(
                            TOPICS.uploaded() + "/0@0",
                            "not-avro",
                            "unknown-id",
                            "empty-value",
                            "wrong-version",
                            "truncated-avro");
            long offset = 0;
            for (DeadLetter letter : letters.values()) {
                assertThat(letter.getStage()).isEqualTo(Stage.DESERIALIZE);
                assertThat(letter.getTopic()).isEqualTo(TOPICS.uploaded());
                assertThat(letter.getPartition()).isZero();
                assertThat(letter.getOffset()).isGreaterThanOrEqualTo(offset);
                offset = letter.getOffset();
                assertThat(letter.getMessage()).isNotBlank();
            }
            DeadLetter badKey = letters.get(TOPICS.uploaded() + "/0@0");
            assertThat(badKey.getImageId()).isNull();
            assertThat(badKey.getOffset()).isZero();
            assertThat(badKey.getMessage()).contains("UTF-8");
            assertThat(badKey.getPayloadHead().array()).isEqualTo(Arrays.copyOf(validValue, 256));
            assertThat(letters.get("not-avro").getOffset()).isEqualTo(1);
            assertThat(letters.get("not-avro").getMessage()).contains("BAD_MAGIC_BYTE");
            assertThat(letters.get("unknown-id").getMessage()).contains("UNKNOWN_SCHEMA_ID");
            assertThat(letters.get("empty-value").getMessage()).contains("EMPTY");
            assertThat(letters.get("wrong-version").getMessage()).contains("INCOMPATIBLE_SCHEMA");
            assertThat(letters.get("wrong-version").getOffset()).isEqualTo(4);
            assertThat(letters.get("truncated-avro").getMessage()).contains("MALFORMED_AVRO");
            assertThat(letters.get("truncated-avro").getPayloadHead().array()).isEqualTo(truncated);

            assertThat(d.descriptors().readKeyValuesToList())
                    .extracting(kv -> kv.key)
                    .containsExactly("older-version", "good");
        }
    }

    @Test
    void anUnreachableRegistryFailsTheThreadInsteadOfDroppingOrDeadLetteringAndTheRecordGoesThroughLater()
            throws Exception {
        InMemorySchemaStore store = new InMemorySchemaStore();
        int port = freePort();
        EmbeddedSchemaRegistry server = EmbeddedSchemaRegistry.start(store, "127.0.0.1", port);
        byte[] event;
        try (RestSchemaRegistryClient producerSide =
                new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            event = AvroSerdes.value(ImageUploaded.class, producerSide)
                    .serializer()
                    .serialize(TOPICS.uploaded(), upload("during-outage"));
        }
        server.close(); // the registry goes away before the pipeline has seen this schema id
        RegistryClientConfig budget = RegistryClientConfig.of(server.url()).withRetries(2, Duration.ofMillis(20));
        try (RestSchemaRegistryClient pipelineSide = new RestSchemaRegistryClient(budget);
                Driver d = driver(pipelineSide)) {
            assertThatThrownBy(() -> d.uploads().pipeInput(utf8("during-outage"), event))
                    .isInstanceOf(StreamsException.class)
                    .hasStackTraceContaining("failed after 3 attempt(s)");
            // Not the record's fault: nothing was dead-lettered and nothing produced.
            assertThat(d.deadLetters().isEmpty()).isTrue();
            assertThat(d.descriptors().isEmpty()).isTrue();

            // The registry comes back; the replaced stream thread reads the record again from the last commit.
            server = EmbeddedSchemaRegistry.start(store, "127.0.0.1", port);
            d.uploads().pipeInput(utf8("during-outage"), event);
            assertThat(d.deadLetters().isEmpty()).isTrue();
            assertThat(d.descriptors().readKeyValuesToList())
                    .extracting(kv -> kv.key)
                    .containsExactly("during-outage");
        } finally {
            server.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
