package io.sightline.trainer.publish;

import io.sightline.bundle.BundleDigest;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.ModelBundle;
import io.sightline.schemas.ModelPublished;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a model bundle on {@code models.published} (key = version): its location as a {@code file:} URI, its
 * digest ({@link BundleDigest}), head, dimension and the figures of its manifest. The bundle is read (and its
 * backbone checked) first, so a bundle no node could load is never announced.
 */
public final class ModelPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private final Producer<String, ModelPublished> producer;
    private final String topic;
    private final Clock clock;

    public ModelPublisher(Producer<String, ModelPublished> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /** The event for the bundle at {@code location} (a directory or zip). */
    public ModelPublished event(Path location) {
        Path bundlePath = location.toAbsolutePath().normalize();
        BundleManifest manifest = ModelBundle.read(bundlePath).verifyBackbone().manifest();
        return ModelPublished.newBuilder()
                .setVersion(manifest.version())
                .setBundleUri(bundlePath.toUri().toString())
                .setSha256(BundleDigest.sha256(bundlePath))
                .setHead(manifest.head().type())
                .setDim(manifest.dimension())
                .setFigures(new LinkedHashMap<>(manifest.figures()))
                .setCreatedAt(clock.instant())
                .build();
    }

    /** Publishes the bundle's event and waits for the broker's acknowledgement. */
    public ModelPublished publish(Path location) {
        ModelPublished event = event(location);
        try {
            producer.send(new ProducerRecord<>(topic, event.getVersion(), event))
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not publish model " + event.getVersion() + " on " + topic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing model " + event.getVersion(), e);
        }
        LOG.info(
                "Published model version={} uri={} sha256={} dim={}",
                event.getVersion(),
                event.getBundleUri(),
                event.getSha256(),
                event.getDim());
        return event;
    }
}
