package io.sightline.streams;

import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageMatch;
import io.sightline.schemas.ImageUploaded;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Avro serdes (Confluent wire format) of the values on Sightline's topics; {@code matches} is null where no
 * copy detection runs (it is only needed by {@link SightlineTopology#buildMatches}).
 */
public record RecordSerdes(
        Serde<ImageUploaded> uploads,
        Serde<ImageDescriptor> descriptors,
        Serde<DeadLetter> deadLetters,
        Serde<ImageMatch> matches) {

    public RecordSerdes(
            Serde<ImageUploaded> uploads, Serde<ImageDescriptor> descriptors, Serde<DeadLetter> deadLetters) {
        this(uploads, descriptors, deadLetters, null);
    }
}
