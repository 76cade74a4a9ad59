package io.sightline.registry;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * Where the registry keeps its state. A store only records what it is told, durably, and answers
 * lookups; the rules (ids, versions, compatibility) live in {@link LocalSchemaRegistry}, which is the
 * only writer of a store.
 */
public interface SchemaStore extends AutoCloseable {

    /** Makes the store ready (loads durable state); calling it again does nothing. */
    void start();

    /** Records a new version; durable when this returns. */
    void append(RegisteredSchema schema);

    /** Records a level for every subject without its own; durable when this returns. */
    void putGlobalCompatibility(CompatibilityLevel level);

    /** Records a level for one subject; durable when this returns. */
    void putSubjectCompatibility(String subject, CompatibilityLevel level);

    Optional<Schema> schemaById(int id);

    /** The global id already given to a schema with this exact text, if any. */
    OptionalInt idOf(Schema schema);

    /** The versions of {@code subject}, oldest first; empty when the subject is unknown. */
    List<RegisteredSchema> versions(String subject);

    /** Subjects with at least one version, sorted. */
    List<String> subjects();

    /** The highest id handed out so far, 0 when none. */
    int maxId();

    Optional<CompatibilityLevel> globalCompatibility();

    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    @Override
    void close();
}
