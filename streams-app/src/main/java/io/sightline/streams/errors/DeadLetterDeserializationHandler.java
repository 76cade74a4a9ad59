package io.sightline.streams.errors;

import io.sightline.schemas.Stage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source record whose key or value cannot be read (not UTF-8, not Confluent-framed Avro, unknown schema id, a
 * writer schema that cannot be resolved to ours) becomes a dead letter with stage DESERIALIZE and its raw
 * coordinates, and the stream goes on. When the registry cannot be reached the record is not at fault: the handler
 * fails the stream thread with the coordinates in the log, Kafka Streams replaces the thread and the record is read
 * again from the last commit, so nothing is dropped.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetterRouting routing;

    @Override
    public void configure(Map<String, ?> configs) {
        routing = DeadLetterRouting.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String imageId = DeadLetterRouting.utf8OrNull(record.key());
        if (!Poison.isRecordsFault(exception)) {
            LOG.error(
                    "Cannot read record stage={} imageId={} topic={} partition={} offset={}: not the record's fault,"
                            + " failing the stream thread so that the record is retried, not dropped: {}",
                    Stage.DESERIALIZE,
                    imageId,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        try {
            var letter = routing.letter(context, imageId, Stage.DESERIALIZE, exception, record.value());
            LOG.warn(
                    "Dead-lettered unreadable record stage={} imageId={} topic={} partition={} offset={} reason={}",
                    Stage.DESERIALIZE,
                    imageId,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception.getMessage());
            return Response.resume(List.of(letter));
        } catch (RuntimeException e) {
            LOG.error(
                    "Cannot write the dead letter of stage={} imageId={} topic={} partition={} offset={}; failing "
                            + "the stream thread so that the record is retried",
                    Stage.DESERIALIZE,
                    imageId,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e);
            return Response.fail();
        }
    }
}
