package io.sightline.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * Registry state held in memory only: for tests, demos, and as the materialized view behind
 * {@link KafkaSchemaStore}. Schemas are identified by their normalized JSON text
 * ({@link Schema#toString()}), which is also what is served back to clients.
 */
public final class InMemorySchemaStore implements SchemaStore {

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    @Override
    public void start() {
        // nothing to load
    }

    @Override
    public synchronized void append(RegisteredSchema schema) {
        List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(schema.subject(), s -> new ArrayList<>());
        int expectedVersion = versions.isEmpty() ? 1 : versions.getLast().version() + 1;
        if (schema.version() != expectedVersion) {
            throw new IllegalStateException("Subject '" + schema.subject() + "' expects version " + expectedVersion
                    + ", got " + schema.version());
        }
        String text = schema.schema().toString();
        Integer knownId = idsByText.get(text);
        if (knownId != null && knownId != schema.id()) {
            throw new IllegalStateException("Schema already has id " + knownId + ", got " + schema.id());
        }
        versions.add(schema);
        schemasById.putIfAbsent(schema.id(), schema.schema());
        idsByText.putIfAbsent(text, schema.id());
        maxId = Math.max(maxId, schema.id());
    }

    @Override
    public synchronized void putGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized void putSubjectCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    @Override
    public synchronized Optional<Schema> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    @Override
    public synchronized OptionalInt idOf(Schema schema) {
        Integer id = idsByText.get(schema.toString());
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public synchronized List<RegisteredSchema> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public synchronized int maxId() {
        return maxId;
    }

    @Override
    public synchronized Optional<CompatibilityLevel> globalCompatibility() {
        return Optional.ofNullable(globalLevel);
    }

    @Override
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public void close() {
        // nothing held
    }
}
