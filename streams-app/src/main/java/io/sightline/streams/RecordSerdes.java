package io.sightline.streams;

import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import org.apache.kafka.common.serialization.Serde;

/** The Avro serdes (Confluent wire format) of the values on Sightline's topics. */
public record RecordSerdes(
        Serde<ImageUploaded> uploads, Serde<ImageDescriptor> descriptors, Serde<DeadLetter> deadLetters) {}
