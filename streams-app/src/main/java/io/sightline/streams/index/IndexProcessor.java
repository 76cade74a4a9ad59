package io.sightline.streams.index;

import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.Stage;
import io.sightline.serde.WireFormatException;
import io.sightline.streams.DeadLetters;
import io.sightline.streams.VectorBytes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes descriptors into this partition's Lucene shard; tombstones delete. Bad records become dead letters. */
public final class IndexProcessor implements Processor<String, byte[], String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(IndexProcessor.class);
    public static final String TO_DEAD_LETTERS = "index-dlq-sink";

    private final String storeName;
    private final Deserializer<ImageDescriptor> descriptors;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, SpecificRecord> context;
    private LuceneShardStore shard;

    public IndexProcessor(String storeName, Deserializer<ImageDescriptor> descriptors, DeadLetters deadLetters) {
        this.storeName = storeName;
        this.descriptors = descriptors;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.shard = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        if (record.value() == null) {
            if (record.key() != null) {
                shard.delete(record.key());
                LOG.debug("Deleted imageId={}", record.key());
            }
            return;
        }
        String imageId = record.key();
        try {
            ImageDescriptor descriptor = descriptors.deserialize(origin == null ? "" : origin.topic(), record.value());
            imageId = descriptor.getImageId();
            if (descriptor.getDim() != shard.dimension()) {
                throw new IllegalArgumentException("descriptor of model " + descriptor.getModelVersion() + " has "
                        + descriptor.getDim() + " dimensions, the index holds " + shard.dimension());
            }
            shard.upsert(imageId, VectorBytes.decode(descriptor.getVector(), descriptor.getDim()),
                    descriptor.getAttributes());
        } catch (WireFormatException | IllegalArgumentException e) {
            DeadLetter letter = deadLetters.of(imageId, Stage.INDEX, e, origin, record.value());
            LOG.warn("Could not index imageId={} topic={} partition={} offset={} reason={}", imageId,
                    letter.getTopic(), letter.getPartition(), letter.getOffset(), letter.getMessage());
            context.forward(new Record<String, SpecificRecord>(imageId, letter, record.timestamp(), record.headers()),
                    TO_DEAD_LETTERS);
        }
    }
}
