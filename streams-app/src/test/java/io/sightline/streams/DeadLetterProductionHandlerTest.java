package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.registry.RegistryException;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.Stage;
import io.sightline.serde.AvroSerdes;
import io.sightline.streams.errors.DeadLetterProductionHandler;
import io.sightline.streams.errors.DeadLetterRouting;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the production exception handler does with each kind of sink failure: the record's own fault becomes a dead
 * letter (stage PRODUCE, coordinates of the source record); the registry's or the broker's fault fails or retries.
 */
class DeadLetterProductionHandlerTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final byte[] SOURCE_VALUE = "the upload".getBytes(StandardCharsets.UTF_8);

    /** The source record being processed when the sink failed: uploads partition 3, offset 41. */
    private record Context(
            String topic,
            int partition,
            long offset,
            Headers headers,
            String processorNodeId,
            TaskId taskId,
            long timestamp,
            byte[] sourceRawKey,
            byte[] sourceRawValue)
            implements ErrorHandlerContext {}

    private static final Context SOURCE = new Context(
            TOPICS.uploaded(),
            3,
            41L,
            new RecordHeaders(),
            "ingest",
            new TaskId(0, 3),
            0L,
            "img-1".getBytes(StandardCharsets.UTF_8),
            SOURCE_VALUE);

    private LocalSchemaRegistry registry;
    private DeadLetterProductionHandler handler;

    @BeforeEach
    void configure() {
        registry = new LocalSchemaRegistry(new InMemorySchemaStore());
        DeadLetterRouting routing = new DeadLetterRouting(
                TOPICS.deadLetters(),
                AvroSerdes.value(DeadLetter.class, registry).serializer(),
                new DeadLetters(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        handler = new DeadLetterProductionHandler();
        handler.configure(routing.streamsConfig());
    }

    private DeadLetter onlyLetter(Response response) {
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> record =
                response.deadLetterQueueRecords().getFirst();
        assertThat(record.topic()).isEqualTo(TOPICS.deadLetters());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("img-1");
        return AvroSerdes.value(DeadLetter.class, registry).deserializer().deserialize(record.topic(), record.value());
    }

    @Test
    void aValueTheSerializerRejectsIsDeadLetteredWithTheSourceCoordinates() {
        Response response = handler.handleSerializationError(
                SOURCE,
                new ProducerRecord<>(TOPICS.descriptors(), "img-1", "a descriptor"),
                new SerializationException("Cannot write ImageDescriptor", new AvroRuntimeException("null in vector")),
                SerializationExceptionOrigin.VALUE);
        DeadLetter letter = onlyLetter(response);
        assertThat(letter.getStage()).isEqualTo(Stage.PRODUCE);
        assertThat(letter.getImageId()).isEqualTo("img-1");
        assertThat(letter.getTopic()).isEqualTo(TOPICS.uploaded());
        assertThat(letter.getPartition()).isEqualTo(3);
        assertThat(letter.getOffset()).isEqualTo(41L);
        assertThat(letter.getMessage()).contains("null in vector");
        assertThat(letter.getPayloadHead().array()).isEqualTo(SOURCE_VALUE);
    }

    @Test
    void aRecordTheBrokerRefusesAsTooLargeIsDeadLettered() {
        Response response = handler.handleError(
                SOURCE,
                new ProducerRecord<>(TOPICS.descriptors(), "img-1".getBytes(StandardCharsets.UTF_8), new byte[10]),
                new RecordTooLargeException("too large"));
        assertThat(onlyLetter(response).getErrorClass()).isEqualTo(RecordTooLargeException.class.getName());
    }

    @Test
    void anUnreachableRegistryFailsSoTheSourceRecordIsRetried() {
        Response response = handler.handleSerializationError(
                SOURCE,
                new ProducerRecord<>(TOPICS.descriptors(), "img-1", "a descriptor"),
                new SerializationException("Cannot register", new RegistryException(-1, -1, "connection refused")),
                SerializationExceptionOrigin.VALUE);
        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void retriableSendErrorsAreRetriedAndDeadLettersAreNeverDeadLettered() {
        assertThat(handler.handleError(
                                SOURCE,
                                new ProducerRecord<>(TOPICS.descriptors(), new byte[1], new byte[1]),
                                new NotLeaderOrFollowerException("moving"))
                        .result())
                .isEqualTo(Result.RETRY);
        assertThat(handler.handleError(
                                SOURCE,
                                new ProducerRecord<>(TOPICS.deadLetters(), new byte[1], new byte[1]),
                                new RecordTooLargeException("too large"))
                        .result())
                .isEqualTo(Result.FAIL);
    }
}
