package io.sightline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.schemas.Box;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.LabelledImage;
import io.sightline.schemas.ModelPublished;
import io.sightline.schemas.Stage;
import io.sightline.serde.WireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfluentAvroSerdeTest {

    private static final String TOPIC = "images.uploaded";
    private static final Instant AT = Instant.ofEpochMilli(1_760_000_000_123L);

    private LocalSchemaRegistry registry;

    @BeforeEach
    void newRegistry() {
        registry = new LocalSchemaRegistry(new InMemorySchemaStore());
    }

    static Stream<SpecificRecord> everyRecordType() {
        return Stream.of(
                uploadedWithBytes(),
                uploadedWithUri(),
                ImageDescriptor.newBuilder()
                        .setImageId("img-1")
                        .setModelVersion("m-3")
                        .setDim(2)
                        .setVector(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                        .setPqCodes(ByteBuffer.wrap(new byte[] {9, 10}))
                        .setIvfCell(17)
                        .setAttributes(Map.of("tenant", "acme"))
                        .setWidth(640)
                        .setHeight(480)
                        .setExtractedAt(AT)
                        .build(),
                ImageDescriptor.newBuilder()
                        .setImageId("img-2")
                        .setModelVersion("m-3")
                        .setDim(0)
                        .setVector(ByteBuffer.allocate(0))
                        .setWidth(1)
                        .setHeight(1)
                        .setExtractedAt(AT)
                        .build(),
                DeadLetter.newBuilder()
                        .setImageId(null)
                        .setStage(Stage.DESERIALIZE)
                        .setErrorClass("WireFormatException")
                        .setMessage("bad magic")
                        .setTopic(TOPIC)
                        .setPartition(3)
                        .setOffset(42L)
                        .setFailedAt(AT)
                        .setPayloadHead(ByteBuffer.wrap(new byte[] {'{', '"'}))
                        .build(),
                LabelledImage.newBuilder()
                        .setImageId("lm-1")
                        .setSource("file:///data/eiffel.jpg")
                        .setLabel("eiffel")
                        .setBox(Box.newBuilder()
                                .setX1(1)
                                .setY1(2)
                                .setX2(30)
                                .setY2(40)
                                .build())
                        .build(),
                LabelledImage.newBuilder()
                        .setImageId("lm-2")
                        .setSource(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8}))
                        .setLabel("noise")
                        .setBox(null)
                        .build(),
                ModelPublished.newBuilder()
                        .setVersion("m-3")
                        .setBundleUri("file:///models/m-3.zip")
                        .setSha256("ab".repeat(32))
                        .setHead("rmac")
                        .setDim(512)
                        .setFigures(Map.of("mAP", 0.81, "recall@10", 0.93))
                        .setCreatedAt(AT)
                        .build());
    }

    @ParameterizedTest
    @MethodSource("everyRecordType")
    void roundTripsEveryRecordType(SpecificRecord record) {
        byte[] bytes = serializer().serialize(TOPIC, record);
        SpecificRecord back = deserializerFor(record).deserialize(TOPIC, bytes);

        assertThat(back).isEqualTo(record);
        assertThat(back).isNotSameAs(record);
    }

    @Test
    void keepsTheUnionBranchOfTheSource() {
        ImageUploaded bytes = roundTrip(uploadedWithBytes());
        ImageUploaded uri = roundTrip(uploadedWithUri());

        assertThat(bytes.getSource()).isInstanceOf(ByteBuffer.class);
        assertThat(uri.getSource()).isEqualTo("https://example.org/cat.jpg");
    }

    @Test
    void writesMagicByteThenBigEndianSchemaIdThenAvro() {
        registry.register("other-value", ModelPublished.getClassSchema()); // so our id is not 1
        byte[] bytes = serializer().serialize(TOPIC, uploadedWithUri());

        int id = registry.latest(TOPIC + "-value").id();
        assertThat(id).isEqualTo(2);
        assertThat(bytes[0]).isZero();
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, 2);
        assertThat(registry.latest(TOPIC + "-value").schema()).isEqualTo(ImageUploaded.getClassSchema());
    }

    @Test
    void keySerializerUsesTheKeySubject() {
        new ConfluentAvroSerializer<ImageUploaded>(registry, true, true).serialize(TOPIC, uploadedWithUri());

        assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void nullStaysNullBothWays() {
        assertThat(serializer().serialize(TOPIC, null)).isNull();
        assertThat(deserializer(ImageUploaded.class).deserialize(TOPIC, null)).isNull();
    }

    @Test
    void withoutAutoRegisterOnlyAlreadyRegisteredSchemasCanBeWritten() {
        var strict = new ConfluentAvroSerializer<ImageUploaded>(registry, false, false);

        assertThatThrownBy(() -> strict.serialize(TOPIC, uploadedWithUri()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC + "-value");
        assertThat(registry.subjects()).isEmpty();

        int id = registry.register(TOPIC + "-value", ImageUploaded.getClassSchema());
        byte[] bytes = strict.serialize(TOPIC, uploadedWithUri());
        assertThat(bytes[4]).isEqualTo((byte) id);
    }

    @Test
    void serdeWorksAsAKafkaSerde() {
        try (Serde<ImageUploaded> serde = AvroSerdes.value(ImageUploaded.class, registry)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, uploadedWithBytes());
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(uploadedWithBytes());
        }
    }

    @Test
    void readsDataWrittenWithAnOlderSchemaFillingDefaults() throws IOException {
        Schema v1 = SchemaBuilder.record("ImageUploaded")
                .namespace("io.sightline.schemas")
                .fields()
                .requiredString("imageId")
                .name("source")
                .type()
                .unionOf()
                .bytesType()
                .and()
                .stringType()
                .endUnion()
                .noDefault()
                .name("uploadedAt")
                .type(timestampMillis())
                .noDefault()
                .endRecord();
        int id = registry.register(TOPIC + "-value", v1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("imageId", "old-1");
        old.put("source", "file:///old.jpg");
        old.put("uploadedAt", AT.toEpochMilli());

        ImageUploaded read = deserializer(ImageUploaded.class).deserialize(TOPIC, frame(id, v1, old));

        assertThat(read.getImageId()).isEqualTo("old-1");
        assertThat(read.getSource()).isEqualTo("file:///old.jpg");
        assertThat(read.getContentType()).isNull();
        assertThat(read.getAttributes()).isEmpty();
        assertThat(read.getUploadedAt()).isEqualTo(AT);
    }

    @Test
    void emptyBytesAreRejected() {
        assertRejected(new byte[0], Reason.EMPTY);
    }

    @Test
    void wrongMagicByteIsRejected() {
        byte[] json = "{\"imageId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertRejected(json, Reason.BAD_MAGIC_BYTE);
    }

    @Test
    void truncatedHeaderIsRejected() {
        assertRejected(new byte[] {0, 0, 1}, Reason.MALFORMED_AVRO);
    }

    @Test
    void unknownSchemaIdIsRejected() {
        assertRejected(new byte[] {0, 0, 0, 0, 99, 2, 'a'}, Reason.UNKNOWN_SCHEMA_ID);
    }

    @Test
    void garbageAfterAValidHeaderIsRejected() {
        byte[] valid = serializer().serialize(TOPIC, uploadedWithUri());
        byte[] garbage = Arrays.copyOf(valid, 5 + 12);
        Arrays.fill(garbage, 5, garbage.length, (byte) 0xff); // a varint that never ends

        assertRejected(garbage, Reason.MALFORMED_AVRO);
    }

    @Test
    void truncatedPayloadIsRejected() {
        byte[] valid = serializer().serialize(TOPIC, uploadedWithUri());
        assertRejected(Arrays.copyOf(valid, valid.length - 3), Reason.MALFORMED_AVRO);
    }

    @Test
    void trailingBytesAfterAValueAreRejected() {
        byte[] valid = serializer().serialize(TOPIC, uploadedWithUri());
        assertRejected(Arrays.copyOf(valid, valid.length + 4), Reason.MALFORMED_AVRO);
    }

    @Test
    void writerSchemaThatCannotBeReadAsTheTypeIsRejected() throws IOException {
        Schema unrelated =
                SchemaBuilder.record("Thumbnail").fields().requiredInt("pixels").endRecord();
        int id = registry.register("thumbnails-value", unrelated);
        GenericRecord thumb = new GenericData.Record(unrelated);
        thumb.put("pixels", 64);

        assertRejected(frame(id, unrelated, thumb), Reason.INCOMPATIBLE_SCHEMA);
    }

    private void assertRejected(byte[] bytes, Reason reason) {
        assertThatThrownBy(() -> deserializer(ImageUploaded.class).deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.topic()).isEqualTo(TOPIC);
                })
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining(reason.name());
    }

    private ImageUploaded roundTrip(ImageUploaded record) {
        return deserializer(ImageUploaded.class).deserialize(TOPIC, serializer().serialize(TOPIC, record));
    }

    private ConfluentAvroSerializer<SpecificRecord> serializer() {
        return new ConfluentAvroSerializer<>(registry);
    }

    private <T extends SpecificRecord> ConfluentAvroDeserializer<T> deserializer(Class<T> type) {
        return new ConfluentAvroDeserializer<>(registry, type);
    }

    @SuppressWarnings("unchecked")
    private ConfluentAvroDeserializer<SpecificRecord> deserializerFor(SpecificRecord record) {
        return deserializer((Class<SpecificRecord>) record.getClass());
    }

    private static byte[] frame(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema timestampMillis() {
        Schema schema = Schema.create(Schema.Type.LONG);
        schema.addProp("logicalType", "timestamp-millis");
        return new Schema.Parser().parse(schema.toString());
    }

    private static ImageUploaded uploadedWithBytes() {
        return ImageUploaded.newBuilder()
                .setImageId("img-1")
                .setSource(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}))
                .setContentType("image/jpeg")
                .setAttributes(Map.of("tenant", "acme", "album", "paris"))
                .setUploadedAt(AT)
                .build();
    }

    private static ImageUploaded uploadedWithUri() {
        return ImageUploaded.newBuilder()
                .setImageId("img-2")
                .setSource("https://example.org/cat.jpg")
                .setUploadedAt(AT)
                .build();
    }
}
