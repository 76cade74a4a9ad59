package io.sightline.trainer.cleaning;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLoadException;
import io.sightline.schemas.LabelledImage;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cleaning batch over Kafka: everything on the raw topic up to its current end (see {@link RawLandmarks}) is
 * cleaned, and each survivor is published to the curated topic, keyed by image id, with its original source and
 * label and the box of its verified inliers. Images come from the event's inline bytes or its URI.
 */
public final class TopicCleaning {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCleaning.class);

    private final DatasetCleaner cleaner;
    private final ImageDecoder decoder;
    private final ImageFetcher fetcher;

    public TopicCleaning(DatasetCleaner cleaner, ImageDecoder decoder, ImageFetcher fetcher) {
        this.cleaner = cleaner;
        this.decoder = decoder;
        this.fetcher = fetcher;
    }

    public CleaningResult run(
            Consumer<String, LabelledImage> consumer,
            Producer<String, LabelledImage> producer,
            String rawTopic,
            String curatedTopic,
            Duration timeout) {
        List<LabelledImage> raw = RawLandmarks.readToEnd(consumer, rawTopic, timeout);
        Map<String, LabelledImage> byId = new HashMap<>();
        raw.forEach(e -> byId.put(e.getImageId(), e));
        List<LabelledItem> items = raw.stream()
                .map(e -> new LabelledItem(e.getImageId(), e.getLabel()))
                .toList();
        LOG.info("Cleaning batch topic={} images={}", rawTopic, items.size());
        CleaningResult result = cleaner.clean(items, id -> load(byId.get(id)));

        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (CuratedImage kept : result.kept()) {
            LabelledImage event = LabelledImage.newBuilder(byId.get(kept.imageId()))
                    .setBox(new io.sightline.schemas.Box(
                            kept.box().x1(),
                            kept.box().y1(),
                            kept.box().x2(),
                            kept.box().y2()))
                    .build();
            sent.add(producer.send(new ProducerRecord<>(curatedTopic, kept.imageId(), event)));
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "could not publish curated image "
                                + result.kept().get(i).imageId() + " to " + curatedTopic + ": "
                                + e.getCause().getMessage(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing to " + curatedTopic, e);
            }
        }
        LOG.info(
                "Published curated topic={} kept={} removed={}",
                curatedTopic,
                result.kept().size(),
                result.removed().size());
        return result;
    }

    private java.awt.image.BufferedImage load(LabelledImage event) throws ImageLoadException {
        Object source = event.getSource();
        if (source instanceof ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return decoder.decode(copy);
        }
        URI uri;
        try {
            uri = URI.create(String.valueOf(source));
        } catch (IllegalArgumentException e) {
            throw new ImageLoadException(
                    ImageLoadException.Stage.FETCH,
                    "image " + event.getImageId() + " has a source that is not a URI: " + e.getMessage(),
                    e);
        }
        return decoder.decode(fetcher.fetch(uri));
    }
}
