package io.sightline.streams.ingest;

import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLoadException;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.Stage;
import io.sightline.streams.DeadLetters;
import io.sightline.streams.DescriptorCodes;
import io.sightline.streams.VectorBytes;
import io.sightline.streams.errors.Raw;
import io.sightline.verify.LocalFeatures;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns upload events into descriptors, or into dead letters naming the stage that failed. It never throws for
 * bad input, so one bad record cannot stop the partition.
 *
 * <p>With {@link Batching} of size 1 each upload is finished inside its own {@code process} call. Larger sizes
 * micro-batch: an upload is written to the {@link #BUFFER_STORE} (logged to a changelog, so under exactly-once its
 * offset is committed together with it and a crash or rebalance loses nothing), its fetch, decode and thumbnail
 * start at once on the loader threads, and the batch goes through the backbone together when it is full or its
 * oldest upload has waited {@code maxWait} (docs/decisions/021). A tombstone first flushes the batch, so a delete
 * never overtakes the upload it deletes.
 */
public final class IngestProcessor implements Processor<String, Raw<ImageUploaded>, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    /** Child (sink) names this processor forwards to. */
    public static final String TO_DESCRIPTORS = "descriptors-sink";

    public static final String TO_DEAD_LETTERS = "ingest-dlq-sink";
    /** The micro-batch buffer (sequence number -> {@link PendingUpload}), only when batching. */
    public static final String BUFFER_STORE = "ingest-batch-buffer";

    private final UploadValidator validator;
    private final ImageSourceLoader loader;
    private final ImageDecoder decoder;
    private final DescriptorExtractor extractor;
    private final Thumbnailer thumbnailer;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final DescriptorCodes codes;
    private final Batching batching;
    private StageCpu stageCpu;
    private final List<Pending> pending = new ArrayList<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<Long, byte[]> buffer;
    private long nextSequence;

    /** A buffered upload and its fetch + decode + thumbnail, running or done. */
    private record Pending(long sequence, PendingUpload upload, CompletableFuture<Loaded> loaded, long since) {}

    /** The outcome of fetch + decode + thumbnail: the image, or the stage that failed and why. */
    private record Loaded(ImageDecoder.Decoded decoded, ByteBuffer thumbnail, Stage failedAt, Exception error) {}

    public IngestProcessor(
            UploadValidator validator,
            ImageSourceLoader loader,
            ImageDecoder decoder,
            DescriptorExtractor extractor,
            Thumbnailer thumbnailer,
            DeadLetters deadLetters,
            Clock clock,
            DescriptorCodes codes) {
        this(validator, loader, decoder, extractor, thumbnailer, deadLetters, clock, codes, Batching.none());
    }

    public IngestProcessor(
            UploadValidator validator,
            ImageSourceLoader loader,
            ImageDecoder decoder,
            DescriptorExtractor extractor,
            Thumbnailer thumbnailer,
            DeadLetters deadLetters,
            Clock clock,
            DescriptorCodes codes,
            Batching batching) {
        this.validator = validator;
        this.loader = loader;
        this.decoder = decoder;
        this.extractor = extractor;
        this.thumbnailer = thumbnailer;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.codes = codes;
        this.batching = batching;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.stageCpu = new StageCpu(context.metrics(), context.taskId().toString());
        if (!batching.enabled()) {
            return;
        }
        buffer = context.getStateStore(BUFFER_STORE);
        // Uploads buffered before a crash or a rebalance come back with the restored store.
        try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> entry = it.next();
                PendingUpload upload = PendingUpload.decode(entry.value);
                pending.add(new Pending(entry.key, upload, startLoading(upload), context.currentSystemTimeMs()));
                nextSequence = Math.max(nextSequence, entry.key + 1);
            }
        }
        if (!pending.isEmpty()) {
            LOG.info("Resuming {} buffered uploads from the batch buffer", pending.size());
        }
        context.schedule(batching.maxWait(), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
    }

    @Override
    public void process(Record<String, Raw<ImageUploaded>> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                flush();
                LOG.info("Tombstone, deleting image imageId={}", record.key());
                context.forward(record.withValue(null), TO_DESCRIPTORS);
            }
            return;
        }
        // Records that could not be read never get here: the deserialization exception handler dead-letters them.
        ImageUploaded upload = record.value().value();
        byte[] raw = record.value().bytes();
        PendingUpload pendingUpload = new PendingUpload(
                record.key(),
                upload,
                raw == null ? null : Arrays.copyOf(raw, Math.min(raw.length, DeadLetters.PAYLOAD_HEAD_BYTES)),
                record.timestamp(),
                Arrays.asList(record.headers().toArray()),
                PendingUpload.Origin.of(context.recordMetadata().orElse(null)));
        try {
            validator.validate(record.key(), upload);
        } catch (InvalidUploadException e) {
            reject(pendingUpload, Stage.VALIDATE, e);
            return;
        }
        if (!batching.enabled()) {
            finish(List.of(new Pending(-1, pendingUpload, CompletableFuture.completedFuture(load(pendingUpload)), 0)));
            return;
        }
        long sequence = nextSequence++;
        buffer.put(sequence, pendingUpload.encode());
        pending.add(new Pending(sequence, pendingUpload, startLoading(pendingUpload), context.currentSystemTimeMs()));
        if (pending.size() >= batching.size()) {
            flush();
        }
    }

    @Override
    public void close() {
        if (stageCpu != null) {
            stageCpu.close();
        }
    }

    /** Wall-clock punctuation (Kafka Streams' clock, so tests can move it). */
    private void flushIfDue(long now) {
        if (!pending.isEmpty()
                && now - pending.getFirst().since() >= batching.maxWait().toMillis()) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = List.copyOf(pending);
        pending.clear();
        finish(batch);
        batch.forEach(p -> buffer.delete(p.sequence()));
    }

    private CompletableFuture<Loaded> startLoading(PendingUpload upload) {
        return CompletableFuture.supplyAsync(() -> load(upload), batching.loaders());
    }

    /** Fetch, decode (only as many pixels as the backbone reads) and thumbnail: everything but the model. */
    private Loaded load(PendingUpload upload) {
        ImageDecoder.Decoded decoded;
        long started = stageCpu.start();
        try {
            decoded = decoder.decode(loader.load(upload.upload().getSource()), extractor.largestInputSide());
        } catch (ImageLoadException e) {
            return new Loaded(null, null, e.stage() == ImageLoadException.Stage.FETCH ? Stage.FETCH : Stage.DECODE, e);
        } catch (RuntimeException e) {
            return new Loaded(null, null, Stage.DECODE, e);
        } finally {
            stageCpu.record(StageCpu.Part.DECODE, started);
        }
        long thumbnailStarted = stageCpu.start();
        ByteBuffer thumbnail = thumbnail(upload.upload().getImageId(), decoded.image());
        stageCpu.record(StageCpu.Part.THUMBNAIL, thumbnailStarted);
        return new Loaded(decoded, thumbnail, null, null);
    }

    /** Waits for the batch's images, runs the backbone over those that loaded and forwards every outcome. */
    private void finish(List<Pending> batch) {
        List<PendingUpload> ok = new ArrayList<>(batch.size());
        List<Loaded> okLoaded = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            Loaded loaded = await(p);
            if (loaded.error() != null) {
                reject(p.upload(), loaded.failedAt(), loaded.error());
            } else {
                ok.add(p.upload());
                okLoaded.add(loaded);
            }
        }
        if (ok.isEmpty()) {
            return;
        }
        long started = stageCpu.start();
        List<DescriptorExtractor.Extracted> vectors = extractor.extractBatch(
                okLoaded.stream().map(l -> l.decoded().image()).toList());
        stageCpu.record(StageCpu.Part.EXTRACT, started);
        stageCpu.extracted(ok.size());
        for (int i = 0; i < ok.size(); i++) {
            DescriptorExtractor.Extracted v = vectors.get(i);
            if (v.ok()) {
                forwardDescriptor(ok.get(i), okLoaded.get(i), v.vector(), v.local());
            } else {
                reject(ok.get(i), Stage.EXTRACT, v.error());
            }
        }
    }

    private static Loaded await(Pending p) {
        try {
            return p.loaded().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted waiting for image " + p.upload().upload().getImageId(), e);
        } catch (ExecutionException e) {
            return new Loaded(
                    null,
                    null,
                    Stage.DECODE,
                    e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause()));
        }
    }

    private void forwardDescriptor(PendingUpload upload, Loaded loaded, float[] vector, LocalFeatures local) {
        String imageId = upload.upload().getImageId();
        int width = loaded.decoded().sourceWidth();
        int height = loaded.decoded().sourceHeight();
        // Stored in the source image's pixels, whatever size the decoder delivered: verification is scale-free,
        // but the matches a result shows are drawn on the original.
        ByteBuffer localBytes = local == null
                ? null
                : ByteBuffer.wrap(local.rescaledTo(width, height).toBytes());
        ImageDescriptor descriptor = codes.addTo(ImageDescriptor.newBuilder(), vector)
                .setImageId(imageId)
                .setModelVersion(extractor.modelVersion())
                .setDim(vector.length)
                .setVector(VectorBytes.encode(vector))
                .setAttributes(upload.upload().getAttributes())
                .setWidth(width)
                .setHeight(height)
                .setExtractedAt(clock.instant())
                .setThumbnail(loaded.thumbnail())
                .setLocalFeatures(localBytes)
                .build();
        context.forward(
                new Record<String, SpecificRecord>(imageId, descriptor, upload.timestamp(), upload.kafkaHeaders()),
                TO_DESCRIPTORS);
    }

    private ByteBuffer thumbnail(String imageId, BufferedImage image) {
        Optional<byte[]> jpeg = thumbnailer.tryJpeg(image);
        if (jpeg.isEmpty()) {
            LOG.warn(
                    "No thumbnail for imageId={} ({}x{}); indexing it without one",
                    imageId,
                    image.getWidth(),
                    image.getHeight());
        }
        return jpeg.map(ByteBuffer::wrap).orElse(null);
    }

    private void reject(PendingUpload upload, Stage stage, Throwable error) {
        String imageId = upload.upload().getImageId();
        DeadLetter letter = deadLetters.of(imageId, stage, error, upload.origin(), upload.payloadHead());
        LOG.warn(
                "Rejected upload imageId={} stage={} topic={} partition={} offset={} reason={}",
                imageId,
                stage,
                letter.getTopic(),
                letter.getPartition(),
                letter.getOffset(),
                letter.getMessage());
        context.forward(
                new Record<String, SpecificRecord>(imageId, letter, upload.timestamp(), upload.kafkaHeaders()),
                TO_DEAD_LETTERS);
    }
}
