package io.sightline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.schemas.ImageDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The descriptor topic is compacted and is what indexes are rebuilt from, so records written by every released
 * schema must stay readable: the current ImageDescriptor is BACKWARD-compatible (the registry's default level,
 * transitively) with the released versions kept under test resources, and an old record reads with the fields added
 * since at their defaults (no local features: such images are simply not verified).
 */
class ImageDescriptorEvolutionTest {

    private static Schema released(String name) throws Exception {
        try (InputStream in = ImageDescriptorEvolutionTest.class.getResourceAsStream("/released/" + name)) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void currentSchemaReadsEveryReleasedOne() throws Exception {
        List<Schema> releases = List.of(
                released("ImageDescriptor-first-release.avsc"), released("ImageDescriptor-before-localFeatures.avsc"));
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.incompatibilities(ImageDescriptor.getClassSchema(), releases))
                .isEmpty();
        // And the check can fail: a schema that drops the new field's default is refused.
        Schema current = ImageDescriptor.getClassSchema();
        List<Schema.Field> fields = current.getFields().stream()
                .map(f -> f.name().equals("localFeatures")
                        ? new Schema.Field(f.name(), Schema.create(Schema.Type.BYTES), f.doc())
                        : new Schema.Field(f, f.schema()))
                .toList();
        Schema strict = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(strict, releases))
                .isNotEmpty();
    }

    @Test
    void aRecordWrittenBeforeLocalFeaturesReadsWithoutThem() throws Exception {
        Schema old = released("ImageDescriptor-before-localFeatures.avsc");
        GenericRecord written = new GenericData.Record(old);
        written.put("imageId", "img-1");
        written.put("modelVersion", "m1");
        written.put("dim", 2);
        written.put("vector", ByteBuffer.wrap(new byte[8]));
        written.put("attributes", Map.of());
        written.put("width", 640);
        written.put("height", 480);
        written.put("extractedAt", 1L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(old).write(written, encoder);
        encoder.flush();

        ImageDescriptor read = new SpecificDatumReader<ImageDescriptor>(old, ImageDescriptor.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getImageId()).isEqualTo("img-1");
        assertThat(read.getWidth()).isEqualTo(640);
        assertThat(read.getLocalFeatures()).isNull();
    }
}
