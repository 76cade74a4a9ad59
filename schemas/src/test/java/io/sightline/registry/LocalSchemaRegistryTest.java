package io.sightline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The registration rules, in process: ids, versions and each compatibility level. */
class LocalSchemaRegistryTest {

    private final LocalSchemaRegistry registry = new LocalSchemaRegistry(new InMemorySchemaStore());

    @Test
    void idsAreGlobalAndVersionsPerSubject() {
        int a = registry.register("a-value", TestSchemas.v1());
        int b = registry.register("b-value", TestSchemas.unrelated());
        int a2 = registry.register("a-value", TestSchemas.withDefaultedField());
        int sameAsA = registry.register("c-value", TestSchemas.v1());

        assertThat(a).isEqualTo(1);
        assertThat(b).isEqualTo(2);
        assertThat(a2).isEqualTo(3);
        assertThat(sameAsA).isEqualTo(a);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.versions("c-value")).containsExactly(1);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value", "c-value");
    }

    @Test
    void reRegisteringAnOlderVersionReturnsItsIdWithoutANewVersion() {
        int v1 = registry.register("a-value", TestSchemas.v1());
        registry.register("a-value", TestSchemas.withDefaultedField());

        assertThat(registry.register("a-value", TestSchemas.v1())).isEqualTo(v1);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
    }

    @Test
    void backwardRefusesANewRequiredFieldAndAllowsADefaultedOne() {
        registry.register("a-value", TestSchemas.v1());

        assertThat(registry.isCompatible("a-value", TestSchemas.withRequiredField()))
                .isFalse();
        assertThat(registry.isCompatible("a-value", TestSchemas.withDefaultedField()))
                .isTrue();
        assertThatThrownBy(() -> registry.register("a-value", TestSchemas.withRequiredField()))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
    }

    @Test
    void forwardAllowsANewRequiredFieldButNotRemovingOne() {
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FORWARD);
        registry.register("a-value", TestSchemas.v1());

        // old readers ignore the extra field
        assertThat(registry.isCompatible("a-value", TestSchemas.withRequiredField()))
                .isTrue();
        registry.register("a-value", TestSchemas.withRequiredField());
        // old readers need "height", which has no default
        assertThat(registry.isCompatible("a-value", TestSchemas.v1())).isFalse();
    }

    @Test
    void fullNeedsBothDirections() {
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FULL);
        registry.register("a-value", TestSchemas.v1());

        assertThat(registry.isCompatible("a-value", TestSchemas.withDefaultedField()))
                .isTrue();
        assertThat(registry.isCompatible("a-value", TestSchemas.withRequiredField()))
                .isFalse();
    }

    @Test
    void transitiveChecksEveryVersionNotJustTheLatest() {
        // history built under NONE: v1 {id, height}, v2 {id, width=0}
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.NONE);
        registry.register("a-value", TestSchemas.withRequiredField());
        registry.register("a-value", TestSchemas.withDefaultedField());
        Schema idOnly = TestSchemas.v1();

        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FORWARD);
        assertThat(registry.isCompatible("a-value", idOnly)).isTrue(); // v2 readers default width

        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(registry.isCompatible("a-value", idOnly)).isFalse(); // v1 readers need height
        assertThat(registry.isCompatible("a-value", TestSchemas.withRequiredField()))
                .isTrue();
    }

    @Test
    void noneAcceptsAnything() {
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        registry.register("a-value", TestSchemas.v1());

        assertThat(registry.register("a-value", TestSchemas.unrelated())).isPositive();
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
    }

    @Test
    void unknownThingsAreNotFoundWithConfluentCodes() {
        registry.register("a-value", TestSchemas.v1());

        assertThatThrownBy(() -> registry.latest("nope"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.version("a-value", 9))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
        assertThatThrownBy(() -> registry.schemaById(99))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.lookup("a-value", TestSchemas.unrelated()))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42203));
    }
}
