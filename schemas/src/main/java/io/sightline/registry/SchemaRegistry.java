package io.sightline.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The operations producers and consumers need from a schema registry.
 *
 * <p>Failures are reported as {@link RegistryException} carrying Confluent's error code, whichever
 * implementation answers, so callers handle the in-process and the HTTP registry the same way.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} if it is not there yet and returns its global id.
     * Registering the same schema again returns the same id; the same schema under another subject
     * also gets the same id.
     *
     * @throws RegistryException 409 when the subject's compatibility level refuses the schema
     */
    int register(String subject, Schema schema);

    /** The schema with this global id; {@link RegistryError#SCHEMA_NOT_FOUND} when unknown. */
    Schema schemaById(int id);

    /**
     * The version of {@code subject} that holds exactly {@code schema}, without registering it; what a
     * producer that must not auto-register uses to find the id to write.
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The newest version of {@code subject}. */
    RegisteredSchema latest(String subject);

    /** One version of {@code subject}, counting from 1. */
    RegisteredSchema version(String subject, int version);

    /** Every subject that has at least one version, sorted. */
    List<String> subjects();

    /** The versions of {@code subject}, ascending. */
    List<Integer> versions(String subject);

    /**
     * Whether registering {@code schema} under {@code subject} would be accepted by the subject's
     * compatibility level, checked against the latest version (all versions for transitive levels).
     */
    boolean isCompatible(String subject, Schema schema);
}
