/**
 * Kafka serializers and deserializers for Sightline's Avro records in Confluent's wire format: a
 * zero magic byte, the writer schema's registry id as four big-endian bytes, then Avro binary.
 *
 * <p>Records written here are readable by Confluent's {@code KafkaAvroDeserializer} and vice versa.
 * Bytes that do not follow the format raise {@link io.sightline.serde.WireFormatException} with a
 * {@link io.sightline.serde.WireFormatException.Reason}, so that the ingest topology can route them to
 * the dead-letter topic instead of stopping.
 */
package io.sightline.serde;
