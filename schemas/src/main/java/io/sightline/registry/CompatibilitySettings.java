package io.sightline.registry;

import java.util.Optional;

/** Reading and changing compatibility levels, globally and per subject (Confluent's /config). */
public interface CompatibilitySettings {

    /** The level used for subjects that have none of their own. */
    CompatibilityLevel globalCompatibility();

    void setGlobalCompatibility(CompatibilityLevel level);

    /** The subject's own level, empty when it inherits the global one. */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    void setSubjectCompatibility(String subject, CompatibilityLevel level);

    /** The level that applies to {@code subject}: its own, else the global one. */
    default CompatibilityLevel effectiveCompatibility(String subject) {
        return subjectCompatibility(subject).orElseGet(this::globalCompatibility);
    }
}
