package io.sightline.registry;

import static io.sightline.registry.RegistryHttp.segment;

import io.sightline.registry.RestMessages.CompatibilityCheckResponse;
import io.sightline.registry.RestMessages.ConfigResponse;
import io.sightline.registry.RestMessages.ConfigUpdate;
import io.sightline.registry.RestMessages.IdResponse;
import io.sightline.registry.RestMessages.SchemaRequest;
import io.sightline.registry.RestMessages.SchemaResponse;
import io.sightline.registry.RestMessages.SubjectVersionResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistry} over the Confluent Schema Registry REST API; works against our
 * {@link EmbeddedSchemaRegistry} and any Confluent-compatible server.
 *
 * <p>Ids and the schemas behind them never change once given, so both directions are cached for the
 * life of the client: after warm-up, serializing and deserializing make no HTTP calls.
 */
public final class RestSchemaRegistryClient implements SchemaRegistry, CompatibilitySettings, AutoCloseable {

    private final RegistryHttp http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, String schemaText) {}

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.http = new RegistryHttp(config);
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = http.post(versionsPath(subject), SchemaRequest.avro(key.schemaText()), IdResponse.class)
                .id();
        remember(key, id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        SchemaResponse response = http.get("/schemas/ids/" + id, SchemaResponse.class);
        if (response.schemaType() != null && !RestMessages.AVRO.equals(response.schemaType())) {
            throw RegistryError.INVALID_SCHEMA.exception(
                    "Schema " + id + " is " + response.schemaType() + ", only AVRO is supported");
        }
        Schema schema = parse(response.schema());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return toRegistered(http.post(
                "/subjects/" + segment(subject), SchemaRequest.avro(schema.toString()), SubjectVersionResponse.class));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return toRegistered(http.get(versionsPath(subject) + "/latest", SubjectVersionResponse.class));
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return toRegistered(http.get(versionsPath(subject) + "/" + version, SubjectVersionResponse.class));
    }

    @Override
    public List<String> subjects() {
        return List.copyOf(http.<List<String>>get("/subjects", http.listOf(String.class)));
    }

    @Override
    public List<Integer> versions(String subject) {
        return List.copyOf(http.<List<Integer>>get(versionsPath(subject), http.listOf(Integer.class)));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return http.post(
                        "/compatibility/subjects/" + segment(subject) + "/versions/latest",
                        SchemaRequest.avro(schema.toString()),
                        CompatibilityCheckResponse.class)
                .isCompatible();
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return CompatibilityLevel.parse(
                http.get("/config", ConfigResponse.class).compatibilityLevel());
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        http.put("/config", new ConfigUpdate(level.name()), ConfigUpdate.class);
    }

    /** Empty on 40408 (Confluent 7+) and on 40401 (older servers) alike. */
    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        try {
            return Optional.of(CompatibilityLevel.parse(http.get("/config/" + segment(subject), ConfigResponse.class)
                    .compatibilityLevel()));
        } catch (RegistryException e) {
            if (RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED.matches(e)
                    || RegistryError.SUBJECT_NOT_FOUND.matches(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        http.put("/config/" + segment(subject), new ConfigUpdate(level.name()), ConfigUpdate.class);
    }

    @Override
    public void close() {
        http.close();
    }

    private RegisteredSchema toRegistered(SubjectVersionResponse response) {
        Schema schema = parse(response.schema());
        remember(new SubjectSchema(response.subject(), schema.toString()), response.id(), schema);
        return new RegisteredSchema(response.subject(), response.version(), response.id(), schema);
    }

    private void remember(SubjectSchema key, int id, Schema schema) {
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
    }

    private static String versionsPath(String subject) {
        return "/subjects/" + segment(subject) + "/versions";
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw RegistryError.INVALID_SCHEMA.exception(
                    "Registry returned a schema that does not parse as Avro: " + e.getMessage());
        }
    }
}
