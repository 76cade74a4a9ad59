package io.sightline.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's rules, applied in process over a started {@link SchemaStore}: global monotonic ids,
 * per-subject versions from 1, idempotent registration and compatibility checks. The HTTP server
 * delegates here; tests and demos may use it directly.
 *
 * <p>Writes are serialized on this instance, so one instance must be the only writer of its store.
 */
public final class LocalSchemaRegistry implements SchemaRegistry, CompatibilitySettings {

    private static final Logger log = LoggerFactory.getLogger(LocalSchemaRegistry.class);

    private final SchemaStore store;

    public LocalSchemaRegistry(SchemaStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = store.versions(subject);
        Optional<RegisteredSchema> existing = find(versions, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        CompatibilityLevel level = effectiveCompatibility(subject);
        List<String> problems = level.incompatibilities(schema, schemas(versions));
        if (!problems.isEmpty()) {
            log.warn("Refused schema for subject={} under {}: {}", subject, level, problems);
            throw RegistryError.INCOMPATIBLE_SCHEMA.exception(
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" (compatibility " + level + "), details: " + problems);
        }
        int id = store.idOf(schema).orElseGet(() -> store.maxId() + 1);
        int version = versions.isEmpty() ? 1 : versions.getLast().version() + 1;
        RegisteredSchema registered = new RegisteredSchema(subject, version, id, schema);
        durably("registering a schema for subject '" + subject + "'", () -> store.append(registered));
        log.info("Registered schema subject={} version={} id={}", subject, version, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        return store.schemaById(id)
                .orElseThrow(() -> RegistryError.SCHEMA_NOT_FOUND.exception("Schema " + id + " not found"));
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return find(existingVersions(subject), schema)
                .orElseThrow(() ->
                        RegistryError.SCHEMA_NOT_FOUND.exception("Schema not found under subject '" + subject + "'"));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return existingVersions(subject).getLast();
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return existingVersions(subject).stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() -> RegistryError.VERSION_NOT_FOUND.exception(
                        "Version " + version + " not found for subject '" + subject + "'"));
    }

    @Override
    public List<String> subjects() {
        return store.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return existingVersions(subject).stream().map(RegisteredSchema::version).toList();
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return effectiveCompatibility(subject)
                .incompatibilities(schema, schemas(existingVersions(subject)))
                .isEmpty();
    }

    /**
     * Whether {@code schema} may follow one given version, in the direction(s) of the subject's level;
     * what Confluent's {@code POST /compatibility/subjects/{s}/versions/{n}} answers.
     */
    public boolean isCompatibleWithVersion(String subject, Schema schema, int version) {
        Schema previous = version(subject, version).schema();
        return effectiveCompatibility(subject)
                .incompatibilities(schema, List.of(previous))
                .isEmpty();
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return store.globalCompatibility().orElse(CompatibilityLevel.DEFAULT);
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        durably("setting the global compatibility", () -> store.putGlobalCompatibility(level));
        log.info("Global compatibility set to {}", level);
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return store.subjectCompatibility(subject);
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        durably(
                "setting the compatibility of subject '" + subject + "'",
                () -> store.putSubjectCompatibility(subject, level));
        log.info("Compatibility of subject={} set to {}", subject, level);
    }

    /** Store failures become Confluent's 50001 so that clients know to retry rather than give up. */
    private static void durably(String what, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            throw new RegistryException(
                    RegistryError.STORE_ERROR.httpStatus(),
                    RegistryError.STORE_ERROR.errorCode(),
                    "Error in the backend data store while " + what + ": " + e.getMessage(),
                    e);
        }
    }

    private List<RegisteredSchema> existingVersions(String subject) {
        List<RegisteredSchema> versions = store.versions(subject);
        if (versions.isEmpty()) {
            throw RegistryError.SUBJECT_NOT_FOUND.exception("Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private static Optional<RegisteredSchema> find(List<RegisteredSchema> versions, Schema schema) {
        String text = schema.toString();
        return versions.stream().filter(v -> v.schema().toString().equals(text)).findFirst();
    }

    private static List<Schema> schemas(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }
}
