package io.sightline.app.cli;

import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLoadException;
import io.sightline.schemas.ImageUploaded;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection a deployment holds, read back from {@code images.uploaded} into a folder for {@code
 * trainer.source=collection}: the topic from its beginning to its current end, the last event per image id (a
 * tombstone removes the image), each live image's bytes written as {@code <id>.jpg} (the decoder sniffs the format,
 * so the extension is only a name). Images that cannot be fetched are skipped and counted, as the pipeline would
 * send them to the DLQ. The folder is rebuilt on every read: the topic is the truth.
 */
final class CollectionSnapshot {

    private static final Logger log = LoggerFactory.getLogger(CollectionSnapshot.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** What a read found: the ids of the live images written, how many could not be fetched, events read. */
    record Read(Path folder, Set<String> names, int unreadable, long events) {
        Read {
            names = Set.copyOf(names);
        }
    }

    private final Consumer<String, ImageUploaded> consumer;
    private final String topic;
    private final ImageFetcher fetcher;

    CollectionSnapshot(Consumer<String, ImageUploaded> consumer, String topic, ImageFetcher fetcher) {
        this.consumer = consumer;
        this.topic = topic;
        this.fetcher = fetcher;
    }

    Read read(Path folder, Duration timeout) throws IOException {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<String, ImageUploaded> live = new LinkedHashMap<>();
        long events = 0;
        Instant deadline = Instant.now().plus(timeout);
        while (!reached(end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "could not read " + topic + " to its end offsets " + end + " within " + timeout);
            }
            for (ConsumerRecord<String, ImageUploaded> r : consumer.poll(POLL)) {
                events++;
                if (r.key() == null) {
                    continue;
                }
                if (r.value() == null) {
                    live.remove(r.key());
                } else {
                    live.put(r.key(), r.value());
                }
            }
        }
        clear(folder);
        Files.createDirectories(folder);
        Set<String> written = new java.util.TreeSet<>();
        int unreadable = 0;
        for (Map.Entry<String, ImageUploaded> e : live.entrySet()) {
            try {
                Files.write(folder.resolve(fileName(e.getKey())), bytes(e.getValue()));
                written.add(e.getKey());
            } catch (ImageLoadException | RuntimeException ex) {
                unreadable++;
                log.warn("collection image skipped imageId={} stage=fetch cause={}", e.getKey(), ex.getMessage());
            }
        }
        log.info(
                "collection read topic={} events={} images={} unreadable={} folder={}",
                topic,
                events,
                written.size(),
                unreadable,
                folder);
        return new Read(folder, written, unreadable, events);
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private byte[] bytes(ImageUploaded event) throws ImageLoadException {
        Object source = event.getSource();
        if (source instanceof ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return fetcher.fetch(URI.create(source.toString()));
    }

    /** A file name that is safe whatever the id holds, and stable, so a run's labels name the same images. */
    static String fileName(String imageId) {
        String safe = imageId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".") || !safe.equals(imageId)) {
            safe = safe + "-" + String.format(Locale.ROOT, "%08x", imageId.hashCode());
        }
        return safe + ".jpg";
    }

    private static void clear(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }
}
