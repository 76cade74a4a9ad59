package io.sightline.app.node;

import io.sightline.schemas.ImageUploaded;
import io.sightline.search.UploadSink;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@code POST/DELETE /v1/images} as upload events and tombstones on the uploads topic, acknowledged before 202. */
final class KafkaUploadSink implements UploadSink {
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Producer<String, ImageUploaded> producer;
    private final String topic;
    private final Clock clock;

    KafkaUploadSink(Producer<String, ImageUploaded> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    @Override
    public void publishBytes(String imageId, byte[] image, String contentType, Map<String, String> attributes) {
        send(imageId, event(imageId, ByteBuffer.wrap(image), contentType, attributes));
    }

    @Override
    public void publishUrl(String imageId, String url, Map<String, String> attributes) {
        send(imageId, event(imageId, url, null, attributes));
    }

    @Override
    public void delete(String imageId) {
        send(imageId, null);
    }

    private ImageUploaded event(String imageId, Object source, String contentType, Map<String, String> attributes) {
        return ImageUploaded.newBuilder()
                .setImageId(imageId)
                .setSource(source)
                .setContentType(contentType)
                .setAttributes(attributes)
                .setUploadedAt(clock.instant())
                .build();
    }

    private void send(String imageId, ImageUploaded event) {
        try {
            producer.send(new ProducerRecord<>(topic, imageId, event)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("image " + imageId + ": could not publish to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("image " + imageId + ": interrupted while publishing", e);
        }
    }
}
