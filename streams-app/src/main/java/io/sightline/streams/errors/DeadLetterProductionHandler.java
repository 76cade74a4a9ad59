package io.sightline.streams.errors;

import io.sightline.registry.RegistryException;
import io.sightline.schemas.Stage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record a sink cannot write because of what it is (a value the serializer rejects, a record the broker refuses
 * as too large) becomes a dead letter with stage PRODUCE and the coordinates of the source record it came from.
 * Everything else fails the stream thread (or is retried by Kafka Streams, for retriable send errors), so the
 * source record is processed again rather than lost: an unreachable registry or broker, and any failure to write
 * to the dead-letter topic itself.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private DeadLetterRouting routing;

    @Override
    public void configure(Map<String, ?> configs) {
        routing = DeadLetterRouting.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        String imageId = DeadLetterRouting.utf8OrNull(record.key());
        return route(context, record.topic(), imageId, exception, Poison.isRecordsFault(exception));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        String imageId = record.key() instanceof String s ? s : null;
        return route(context, record.topic(), imageId, exception, !dependsOnRegistry(exception));
    }

    private Response route(
            ErrorHandlerContext context, String sinkTopic, String imageId, Exception exception, boolean recordsFault) {
        if (!recordsFault || sinkTopic.equals(routing.topic())) {
            LOG.error(
                    "Cannot write record stage={} imageId={} to topic={} (source topic={} partition={} offset={}); "
                            + "failing the stream thread so that the source record is retried, not dropped",
                    Stage.PRODUCE,
                    imageId,
                    sinkTopic,
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception);
            return Response.fail();
        }
        try {
            var letter = routing.letter(context, imageId, Stage.PRODUCE, exception, context.sourceRawValue());
            LOG.warn(
                    "Dead-lettered unwritable record stage={} imageId={} topic={} (source topic={} partition={} "
                            + "offset={}) reason={}",
                    Stage.PRODUCE,
                    imageId,
                    sinkTopic,
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception.getMessage());
            return Response.resume(List.of(letter));
        } catch (RuntimeException e) {
            LOG.error(
                    "Cannot write the dead letter of stage={} imageId={}; failing the stream thread",
                    Stage.PRODUCE,
                    imageId,
                    e);
            return Response.fail();
        }
    }

    /** A serializer that failed on the registry (unreachable, refusing the schema) says nothing about the record. */
    private static boolean dependsOnRegistry(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryException) {
                return true;
            }
        }
        return false;
    }
}
