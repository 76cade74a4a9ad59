package io.sightline.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, decided with Avro's own reader/writer resolution rules so that
 * "compatible" means exactly "a {@code SpecificDatumReader} can resolve it".
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** Confluent's default, and ours: consumers upgraded first can always read older data. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Parses a level name as sent over the API; unknown names are a 42203, as in Confluent. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to the API error below
            }
        }
        throw RegistryError.INVALID_COMPATIBILITY_LEVEL.exception(
                "Invalid compatibility level '" + name + "'. Valid values are " + List.of(values()));
    }

    /**
     * Why {@code candidate} may not follow {@code existingOldestFirst} under this level; empty when it
     * may. Non-transitive levels only look at the newest existing schema.
     */
    public List<String> incompatibilities(Schema candidate, List<Schema> existingOldestFirst) {
        if (existingOldestFirst.isEmpty()) {
            return List.of();
        }
        List<Schema> against = transitive ? existingOldestFirst : List.of(existingOldestFirst.getLast());
        List<String> problems = new ArrayList<>();
        for (Schema previous : against) {
            if (backward) {
                problems.addAll(describe(
                        "new schema cannot read data written with an earlier one",
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous)));
            }
            if (forward) {
                problems.addAll(describe(
                        "an earlier schema cannot read data written with the new one",
                        SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate)));
            }
        }
        return problems;
    }

    private static List<String> describe(String direction, SchemaPairCompatibility pair) {
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at '" + incompatibility.getLocation() + "': "
                    + incompatibility.getMessage());
        }
        return problems;
    }
}
