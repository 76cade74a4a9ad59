package io.sightline.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.registry.RestMessages.CompatibilityCheckResponse;
import io.sightline.registry.RestMessages.ConfigResponse;
import io.sightline.registry.RestMessages.ConfigUpdate;
import io.sightline.registry.RestMessages.ErrorResponse;
import io.sightline.registry.RestMessages.IdResponse;
import io.sightline.registry.RestMessages.SchemaRequest;
import io.sightline.registry.RestMessages.SchemaResponse;
import io.sightline.registry.RestMessages.SubjectVersionResponse;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the Confluent Schema Registry REST API onto a {@link LocalSchemaRegistry}: paths, bodies,
 * status codes and error codes as Confluent's API reference describes them.
 */
final class RegistryHttpHandlers {

    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandlers.class);
    private static final String LATEST = "latest";

    private final LocalSchemaRegistry registry;
    private final ObjectMapper json = RestMessages.objectMapper();

    RegistryHttpHandlers(LocalSchemaRegistry registry) {
        this.registry = registry;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/", ctx -> respond(ctx, Map.of()));
        routes.get("/subjects", ctx -> respond(ctx, registry.subjects()));
        routes.post("/subjects/{subject}/versions", this::register);
        routes.post("/subjects/{subject}", this::lookup);
        routes.get("/subjects/{subject}/versions", ctx -> respond(ctx, registry.versions(subject(ctx))));
        routes.get("/subjects/{subject}/versions/{version}", ctx -> respond(ctx, describe(versionOf(ctx))));
        routes.get(
                "/subjects/{subject}/versions/{version}/schema",
                ctx -> ctx.status(200)
                        .contentType(RestMessages.CONTENT_TYPE)
                        .result(versionOf(ctx).schema().toString()));
        routes.get("/schemas/ids/{id}", this::schemaById);
        routes.post("/compatibility/subjects/{subject}/versions/{version}", this::checkAgainstVersion);
        routes.post("/compatibility/subjects/{subject}/versions", this::checkAgainstAll);
        routes.get(
                "/config",
                ctx -> respond(
                        ctx, new ConfigResponse(registry.globalCompatibility().name())));
        routes.put("/config", this::putGlobalConfig);
        routes.get("/config/{subject}", this::getSubjectConfig);
        routes.put("/config/{subject}", this::putSubjectConfig);

        routes.exception(RegistryException.class, (e, ctx) -> {
            log.debug("{} {} -> {} {}", ctx.method(), ctx.path(), e.errorCode(), e.getMessage());
            respondError(ctx, e.httpStatus(), e.errorCode(), e.getMessage());
        });
        routes.exception(
                JsonProcessingException.class,
                (e, ctx) -> respondError(ctx, 400, 400, "Malformed request body: " + e.getOriginalMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
            respondError(ctx, 500, 500, "Internal Server Error: " + e.getMessage());
        });
    }

    private void register(Context ctx) throws JsonProcessingException {
        String subject = subject(ctx);
        int id = registry.register(subject, schemaFrom(ctx));
        respond(ctx, new IdResponse(id));
    }

    private void lookup(Context ctx) throws JsonProcessingException {
        respond(ctx, describe(registry.lookup(subject(ctx), schemaFrom(ctx))));
    }

    private void schemaById(Context ctx) throws JsonProcessingException {
        int id = parseId(ctx.pathParam("id"));
        respond(ctx, new SchemaResponse(registry.schemaById(id).toString(), null));
    }

    private void checkAgainstVersion(Context ctx) throws JsonProcessingException {
        String subject = subject(ctx);
        Schema schema = schemaFrom(ctx);
        String version = ctx.pathParam("version");
        boolean compatible = isLatest(version)
                ? registry.isCompatible(subject, schema)
                : registry.isCompatibleWithVersion(subject, schema, parseVersion(version));
        respond(ctx, new CompatibilityCheckResponse(compatible));
    }

    /** Confluent answers true for an unknown subject here: there is nothing to be incompatible with. */
    private void checkAgainstAll(Context ctx) throws JsonProcessingException {
        String subject = subject(ctx);
        Schema schema = schemaFrom(ctx);
        boolean compatible = !registry.subjects().contains(subject) || registry.isCompatible(subject, schema);
        respond(ctx, new CompatibilityCheckResponse(compatible));
    }

    private void putGlobalConfig(Context ctx) throws JsonProcessingException {
        CompatibilityLevel level = levelFrom(ctx);
        registry.setGlobalCompatibility(level);
        respond(ctx, new ConfigUpdate(level.name()));
    }

    /**
     * Like Confluent 7+, a subject without its own level is a 40408 unless the caller asks for the
     * global fallback with {@code defaultToGlobal=true}.
     */
    private void getSubjectConfig(Context ctx) throws JsonProcessingException {
        String subject = subject(ctx);
        boolean defaultToGlobal = Boolean.parseBoolean(ctx.queryParam("defaultToGlobal"));
        CompatibilityLevel level = registry.subjectCompatibility(subject)
                .or(() -> defaultToGlobal ? Optional.of(registry.globalCompatibility()) : Optional.empty())
                .orElseThrow(() -> RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED.exception(
                        "Subject '" + subject + "' does not have subject-level compatibility configured"));
        respond(ctx, new ConfigResponse(level.name()));
    }

    private void putSubjectConfig(Context ctx) throws JsonProcessingException {
        CompatibilityLevel level = levelFrom(ctx);
        registry.setSubjectCompatibility(subject(ctx), level);
        respond(ctx, new ConfigUpdate(level.name()));
    }

    private RegisteredSchema versionOf(Context ctx) {
        String subject = subject(ctx);
        String version = ctx.pathParam("version");
        return isLatest(version) ? registry.latest(subject) : registry.version(subject, parseVersion(version));
    }

    private static SubjectVersionResponse describe(RegisteredSchema schema) {
        return new SubjectVersionResponse(
                schema.subject(), schema.version(), schema.id(), schema.schema().toString());
    }

    private Schema schemaFrom(Context ctx) throws JsonProcessingException {
        SchemaRequest request = json.readValue(ctx.body(), SchemaRequest.class);
        if (request.schemaType() != null && !RestMessages.AVRO.equalsIgnoreCase(request.schemaType())) {
            throw RegistryError.INVALID_SCHEMA.exception(
                    "Invalid schema type " + request.schemaType() + ": this registry only holds AVRO");
        }
        if (request.references() != null && !request.references().isEmpty()) {
            throw RegistryError.INVALID_SCHEMA.exception(
                    "Invalid schema: schema references are not supported by this registry");
        }
        if (request.schema() == null || request.schema().isBlank()) {
            throw RegistryError.INVALID_SCHEMA.exception("Invalid schema: empty schema");
        }
        try {
            return new Schema.Parser().parse(request.schema());
        } catch (RuntimeException e) {
            throw RegistryError.INVALID_SCHEMA.exception("Invalid schema: " + e.getMessage());
        }
    }

    private CompatibilityLevel levelFrom(Context ctx) throws JsonProcessingException {
        return CompatibilityLevel.parse(
                json.readValue(ctx.body(), ConfigUpdate.class).compatibility());
    }

    private static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }

    private static boolean isLatest(String version) {
        return LATEST.equalsIgnoreCase(version) || "-1".equals(version);
    }

    private static int parseVersion(String version) {
        try {
            int parsed = Integer.parseInt(version);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the value the client sent
        }
        throw RegistryError.INVALID_VERSION.exception("The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \""
                + LATEST + "\"");
    }

    private static int parseId(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw RegistryError.SCHEMA_NOT_FOUND.exception("Schema " + id + " not found");
        }
    }

    private void respond(Context ctx, Object body) throws JsonProcessingException {
        ctx.status(200).contentType(RestMessages.CONTENT_TYPE).result(json.writeValueAsString(body));
    }

    private void respondError(Context ctx, int status, int errorCode, String message) {
        try {
            ctx.status(status)
                    .contentType(RestMessages.CONTENT_TYPE)
                    .result(json.writeValueAsString(new ErrorResponse(errorCode, message)));
        } catch (JsonProcessingException e) {
            ctx.status(500).result("{\"error_code\":500,\"message\":\"Internal Server Error\"}");
        }
    }
}
