package io.sightline.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Small schemas whose evolution steps are known to be (in)compatible. */
final class TestSchemas {

    private TestSchemas() {}

    static Schema v1() {
        return SchemaBuilder.record("Photo")
                .namespace("test")
                .fields()
                .requiredString("id")
                .endRecord();
    }

    /** v1 plus a field with a default: BACKWARD compatible. */
    static Schema withDefaultedField() {
        return SchemaBuilder.record("Photo")
                .namespace("test")
                .fields()
                .requiredString("id")
                .name("width")
                .type()
                .intType()
                .intDefault(0)
                .endRecord();
    }

    /** v1 plus a field without a default: new readers cannot read v1 data, BACKWARD refuses it. */
    static Schema withRequiredField() {
        return SchemaBuilder.record("Photo")
                .namespace("test")
                .fields()
                .requiredString("id")
                .requiredInt("height")
                .endRecord();
    }

    /** Same record name, nothing in common with v1. */
    static Schema unrelated() {
        return SchemaBuilder.record("Photo")
                .namespace("test")
                .fields()
                .requiredLong("serial")
                .endRecord();
    }
}
