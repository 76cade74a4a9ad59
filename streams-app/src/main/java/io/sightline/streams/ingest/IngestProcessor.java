package io.sightline.streams.ingest;

import io.sightline.backbone.ExtractionException;
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
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one upload event into a descriptor, or into a dead letter naming the stage that failed. It never throws
 * for bad input, so one bad record cannot stop the partition.
 */
public final class IngestProcessor implements Processor<String, Raw<ImageUploaded>, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    /** Child (sink) names this processor forwards to. */
    public static final String TO_DESCRIPTORS = "descriptors-sink";
    public static final String TO_DEAD_LETTERS = "ingest-dlq-sink";

    private final UploadValidator validator;
    private final ImageSourceLoader loader;
    private final ImageDecoder decoder;
    private final DescriptorExtractor extractor;
    private final Thumbnailer thumbnailer;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final DescriptorCodes codes;
    private ProcessorContext<String, SpecificRecord> context;

    public IngestProcessor(UploadValidator validator, ImageSourceLoader loader, ImageDecoder decoder,
                           DescriptorExtractor extractor, Thumbnailer thumbnailer, DeadLetters deadLetters,
                           Clock clock, DescriptorCodes codes) {
        this.validator = validator;
        this.loader = loader;
        this.decoder = decoder;
        this.extractor = extractor;
        this.thumbnailer = thumbnailer;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.codes = codes;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Raw<ImageUploaded>> record) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        if (record.value() == null) {
            if (record.key() != null) {
                LOG.info("Tombstone, deleting image imageId={}", record.key());
                context.forward(record.withValue(null), TO_DESCRIPTORS);
            }
            return;
        }
        // Records that could not be read never get here: the deserialization exception handler dead-letters them.
        ImageUploaded upload = record.value().value();
        String imageId = upload.getImageId();
        try {
            validator.validate(record.key(), upload);
        } catch (InvalidUploadException e) {
            reject(record, imageId, Stage.VALIDATE, e, origin);
            return;
        }
        ImageDecoder.Decoded decoded;
        try {
            // Only as many pixels as the backbone reads: a JPEG may be decoded straight at 1/2 or 1/4 scale.
            decoded = decoder.decode(loader.load(upload.getSource()), extractor.largestInputSide());
        } catch (ImageLoadException e) {
            reject(record, imageId, e.stage() == ImageLoadException.Stage.FETCH ? Stage.FETCH : Stage.DECODE, e, origin);
            return;
        } catch (RuntimeException e) {
            reject(record, imageId, Stage.DECODE, e, origin);
            return;
        }
        BufferedImage image = decoded.image();
        float[] vector;
        try {
            vector = extractor.extract(image);
        } catch (ExtractionException | RuntimeException e) {
            reject(record, imageId, Stage.EXTRACT, e, origin);
            return;
        }
        ImageDescriptor descriptor = codes.addTo(ImageDescriptor.newBuilder(), vector)
                .setImageId(imageId)
                .setModelVersion(extractor.modelVersion())
                .setDim(vector.length)
                .setVector(VectorBytes.encode(vector))
                .setAttributes(upload.getAttributes())
                .setWidth(decoded.sourceWidth())
                .setHeight(decoded.sourceHeight())
                .setExtractedAt(clock.instant())
                .setThumbnail(thumbnail(imageId, image))
                .build();
        context.forward(new Record<String, SpecificRecord>(imageId, descriptor, record.timestamp(), record.headers()),
                TO_DESCRIPTORS);
    }

    private ByteBuffer thumbnail(String imageId, BufferedImage image) {
        Optional<byte[]> jpeg = thumbnailer.tryJpeg(image);
        if (jpeg.isEmpty()) {
            LOG.warn("No thumbnail for imageId={} ({}x{}); indexing it without one", imageId, image.getWidth(),
                    image.getHeight());
        }
        return jpeg.map(ByteBuffer::wrap).orElse(null);
    }

    private void reject(Record<String, Raw<ImageUploaded>> record, String imageId, Stage stage, Throwable error,
                        RecordMetadata origin) {
        DeadLetter letter = deadLetters.of(imageId, stage, error, origin, record.value().bytes());
        LOG.warn("Rejected upload imageId={} stage={} topic={} partition={} offset={} reason={}", imageId, stage,
                letter.getTopic(), letter.getPartition(), letter.getOffset(), letter.getMessage());
        context.forward(new Record<String, SpecificRecord>(imageId, letter, record.timestamp(), record.headers()),
                TO_DEAD_LETTERS);
    }
}
