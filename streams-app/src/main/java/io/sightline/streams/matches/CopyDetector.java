package io.sightline.streams.matches;

import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageMatch;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks each new descriptor up with the {@link MatchFinder} and forwards the copy it finds. Tombstones (deletes) and
 * descriptors without local features (nothing to verify with) are passed over. A lookup that fails (a peer down)
 * fails the record, so Kafka Streams retries it rather than silently missing a copy; a descriptor it cannot read is
 * logged and skipped: the index sub-topology dead-letters it already.
 */
public final class CopyDetector implements Processor<String, byte[], String, ImageMatch> {

    public static final String TO_MATCHES = "to-matches";

    private static final Logger LOG = LoggerFactory.getLogger(CopyDetector.class);

    private final String topic;
    private final Deserializer<ImageDescriptor> descriptors;
    private final MatchFinder finder;
    private ProcessorContext<String, ImageMatch> context;

    public CopyDetector(String topic, Deserializer<ImageDescriptor> descriptors, MatchFinder finder) {
        this.topic = topic;
        this.descriptors = descriptors;
        this.finder = finder;
    }

    @Override
    public void init(ProcessorContext<String, ImageMatch> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        ImageDescriptor descriptor;
        try {
            descriptor = descriptors.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            LOG.debug("Copy detection skips unreadable descriptor key={}: {}", record.key(), e.toString());
            return;
        }
        if (descriptor.getLocalFeatures() == null) {
            return;
        }
        Optional<ImageMatch> match = finder.find(descriptor);
        match.ifPresent(m -> {
            LOG.info(
                    "Copy detected imageId={} matches={} level={} similarity={} inliers={}",
                    m.getImageId(),
                    m.getMatchedImageId(),
                    m.getLevel(),
                    m.getSimilarity(),
                    m.getInliers());
            context.forward(new Record<>(m.getImageId(), m, record.timestamp()), TO_MATCHES);
        });
    }
}
