package io.sightline.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Encodes registry events as the JSON keys and values of Confluent's {@code _schemas} topic, so the
 * topic reads the same to people and tools that know Confluent's layout.
 */
final class SchemaLogCodec {

    /** A record of the log, decoded. */
    sealed interface Entry {}

    record SchemaEntry(RegisteredSchema schema) implements Entry {}

    /** {@code subject} empty for the global level. */
    record ConfigEntry(Optional<String> subject, CompatibilityLevel level) implements Entry {}

    /** Something this registry does not act on (NOOP markers, deletes, other schema types). */
    record Skipped(String why) implements Entry {}

    private final ObjectMapper json = RestMessages.objectMapper();

    String schemaKey(RegisteredSchema schema) {
        ObjectNode key = json.createObjectNode()
                .put("keytype", "SCHEMA")
                .put("subject", schema.subject())
                .put("version", schema.version())
                .put("magic", 1);
        return write(key);
    }

    String schemaValue(RegisteredSchema schema) {
        ObjectNode value = json.createObjectNode()
                .put("subject", schema.subject())
                .put("version", schema.version())
                .put("id", schema.id())
                .put("schema", schema.schema().toString())
                .put("deleted", false);
        return write(value);
    }

    String configKey(Optional<String> subject) {
        ObjectNode key = json.createObjectNode().put("keytype", "CONFIG");
        subject.ifPresentOrElse(s -> key.put("subject", s), () -> key.putNull("subject"));
        return write(key.put("magic", 0));
    }

    String configValue(CompatibilityLevel level) {
        return write(json.createObjectNode().put("compatibilityLevel", level.name()));
    }

    /** Decodes one record; {@code value} null is a tombstone. Fails on JSON it cannot read. */
    Entry decode(String key, String value) {
        if (value == null) {
            return new Skipped("tombstone for " + key);
        }
        JsonNode k = read(key);
        JsonNode v = read(value);
        String keyType = k.path("keytype").asText();
        return switch (keyType) {
            case "SCHEMA" -> decodeSchema(v);
            case "CONFIG" ->
                new ConfigEntry(
                        k.hasNonNull("subject") ? Optional.of(k.get("subject").asText()) : Optional.empty(),
                        CompatibilityLevel.parse(v.path("compatibilityLevel").asText()));
            default -> new Skipped("key type " + keyType);
        };
    }

    private Entry decodeSchema(JsonNode v) {
        if (v.path("deleted").asBoolean(false)) {
            return new Skipped("deleted version " + v.path("version").asInt() + " of "
                    + v.path("subject").asText());
        }
        String schemaType = v.path("schemaType").asText(RestMessages.AVRO);
        if (!RestMessages.AVRO.equals(schemaType)) {
            return new Skipped(schemaType + " schema id " + v.path("id").asInt());
        }
        Schema schema = new Schema.Parser().parse(v.path("schema").asText());
        return new SchemaEntry(new RegisteredSchema(
                v.path("subject").asText(),
                v.path("version").asInt(),
                v.path("id").asInt(),
                schema));
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a JSON registry record: " + e.getOriginalMessage(), e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode registry record", e);
        }
    }
}
