package io.sightline.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The JSON bodies of the Confluent Schema Registry API, field names exactly as Confluent spells them.
 * Shared by client and server so the two cannot drift apart.
 */
final class RestMessages {

    /** Confluent's media type; plain application/json is accepted as well. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    static final String AVRO = "AVRO";

    private RestMessages() {}

    /** Confluent servers add fields over time (metadata, ruleSet, guid...): ignore what we don't use. */
    static ObjectMapper objectMapper() {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaRequest(String schema, String schemaType, List<Object> references) {
        static SchemaRequest avro(String schema) {
            return new SchemaRequest(schema, null, null);
        }
    }

    record IdResponse(int id) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaResponse(String schema, String schemaType) {}

    record SubjectVersionResponse(String subject, int version, int id, String schema) {}

    record CompatibilityCheckResponse(
            @JsonProperty("is_compatible") boolean isCompatible) {}

    /** GET /config answers with this field name... */
    record ConfigResponse(String compatibilityLevel) {}

    /** ...while PUT /config takes and returns this one. */
    record ConfigUpdate(String compatibility) {}

    record ErrorResponse(@JsonProperty("error_code") int errorCode, String message) {}
}
