package io.sightline.streams;

import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.Stage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead-letter records that say where a record came from, at which stage it failed and why. */
public final class DeadLetters {
    /** How much of the failed payload is kept for diagnosis. */
    public static final int PAYLOAD_HEAD_BYTES = 256;

    private final Clock clock;

    public DeadLetters(Clock clock) {
        this.clock = clock;
    }

    public DeadLetter of(String imageId, Stage stage, Throwable error, RecordMetadata origin, byte[] payload) {
        return of(imageId, stage, error.getClass().getName(), describe(error), origin, payload);
    }

    public DeadLetter of(
            String imageId, Stage stage, String errorClass, String message, RecordMetadata origin, byte[] payload) {
        return origin == null
                ? of(imageId, stage, errorClass, message, "", -1, -1L, payload)
                : of(imageId, stage, errorClass, message, origin.topic(), origin.partition(), origin.offset(), payload);
    }

    /** A dead letter for the record at these raw coordinates (what Kafka Streams' exception handlers know). */
    public DeadLetter of(
            String imageId, Stage stage, Throwable error, String topic, int partition, long offset, byte[] payload) {
        return of(imageId, stage, error.getClass().getName(), describe(error), topic, partition, offset, payload);
    }

    private DeadLetter of(
            String imageId,
            Stage stage,
            String errorClass,
            String message,
            String topic,
            int partition,
            long offset,
            byte[] payload) {
        return DeadLetter.newBuilder()
                .setImageId(imageId)
                .setStage(stage)
                .setErrorClass(errorClass)
                .setMessage(message)
                .setTopic(topic == null ? "" : topic)
                .setPartition(partition)
                .setOffset(offset)
                .setFailedAt(clock.instant())
                .setPayloadHead(
                        payload == null
                                ? null
                                : ByteBuffer.wrap(Arrays.copyOf(payload, Math.min(payload.length, PAYLOAD_HEAD_BYTES))))
                .build();
    }

    /** The message with its causes, so the reason survives wrapping. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ")
                    .append(cause.getClass().getSimpleName())
                    .append(": ")
                    .append(cause.getMessage());
        }
        return text.toString();
    }
}
