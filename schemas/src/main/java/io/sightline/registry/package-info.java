/**
 * A small schema registry that speaks the Confluent Schema Registry REST API.
 *
 * <p>Confluent's registry and client artifacts are not available to this project, so Sightline ships
 * its own: {@link io.sightline.registry.SchemaRegistry} is what producers and consumers code against,
 * {@link io.sightline.registry.RestSchemaRegistryClient} talks to any Confluent-compatible server over
 * HTTP, {@link io.sightline.registry.LocalSchemaRegistry} enforces the registration rules in process,
 * and {@link io.sightline.registry.EmbeddedSchemaRegistry} serves it over HTTP with its state kept in a
 * {@link io.sightline.registry.SchemaStore} (in memory, or a compacted Kafka topic).
 *
 * <p>Only Avro schemas without references are supported; see docs/decisions/001-schema-registry.md.
 */
package io.sightline.registry;
