package io.sightline.app.node;

import io.sightline.image.ImageFiles;
import io.sightline.schemas.ImageUploaded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes the images of a folder as upload events, the way an upstream app would. */
public final class UploadPublisher {
    /** How an event carries its image. */
    public enum SourceMode {
        URI,
        INLINE
    }

    private final Producer<String, ImageUploaded> producer;
    private final String topic;
    private final Clock clock;

    public UploadPublisher(Producer<String, ImageUploaded> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /** The image files of {@code dir}, sorted by name. */
    public static List<Path> imagesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(ImageFiles::isImage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list images in " + dir, e);
        }
    }

    /** The image id of a file: its name without extension. */
    public static String imageId(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Publishes every file, waits until the broker acknowledged all of them, reports progress per file. */
    public void publish(List<Path> files, SourceMode mode, Map<String, String> attributes, IntConsumer progress) {
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>(files.size());
        int done = 0;
        for (Path file : files) {
            sent.add(producer.send(new ProducerRecord<>(topic, imageId(file), event(file, mode, attributes))));
            progress.accept(++done);
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "could not publish " + files.get(i) + ": "
                                + e.getCause().getMessage(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }
    }

    /** Publishes one file under another image id (benchmarks warm the pipeline up with copies of their images). */
    public void publishAs(String imageId, Path file, SourceMode mode) {
        try {
            producer.send(new ProducerRecord<>(topic, imageId, event(imageId, file, mode, Map.of())))
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not publish " + file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /** Publishes a tombstone: the image is deleted everywhere. */
    public void delete(String imageId) {
        producer.send(new ProducerRecord<>(topic, imageId, null));
        producer.flush();
    }

    ImageUploaded event(Path file, SourceMode mode, Map<String, String> attributes) {
        return event(imageId(file), file, mode, attributes);
    }

    private ImageUploaded event(String imageId, Path file, SourceMode mode, Map<String, String> attributes) {
        Object source;
        if (mode == SourceMode.INLINE) {
            try {
                source = ByteBuffer.wrap(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        } else {
            source = file.toAbsolutePath().toUri().toString();
        }
        return ImageUploaded.newBuilder()
                .setImageId(imageId)
                .setSource(source)
                .setContentType(null)
                .setAttributes(attributes)
                .setUploadedAt(clock.instant())
                .build();
    }
}
