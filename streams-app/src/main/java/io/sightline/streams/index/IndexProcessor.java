package io.sightline.streams.index;

import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.Stage;
import io.sightline.serde.WireFormatException;
import io.sightline.streams.DeadLetters;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes descriptors into this partition's Lucene shard; tombstones delete; records the shard cannot hold become
 * dead letters. It is the update processor of a read-only state store whose changelog is the descriptors topic
 * itself, so Kafka Streams can rebuild a lost or moved shard by replaying that topic (docs/decisions/002).
 */
public final class IndexProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(IndexProcessor.class);
    public static final String TO_DEAD_LETTERS = "index-dlq-sink";

    private final String storeName;
    private final DescriptorApplier applier;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, SpecificRecord> context;
    private LuceneShardStore shard;

    public IndexProcessor(String storeName, DescriptorApplier applier, DeadLetters deadLetters) {
        this.storeName = storeName;
        this.applier = applier;
        this.deadLetters = deadLetters;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(ProcessorContext<Void, Void> context) {
        // Kafka Streams types a read-only store's update processor as a dead end (Void, Void); its one child is
        // the dead-letter sink, which receives what is forwarded here whatever the declared types.
        this.context = (ProcessorContext<String, SpecificRecord>) (ProcessorContext<?, ?>) context;
        this.shard = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            applier.apply(shard, record.key(), record.value());
        } catch (WireFormatException | IllegalArgumentException e) {
            RecordMetadata origin = context.recordMetadata().orElse(null);
            DeadLetter letter = deadLetters.of(record.key(), Stage.INDEX, e, origin, record.value());
            LOG.warn(
                    "Could not index imageId={} topic={} partition={} offset={} reason={}",
                    record.key(),
                    letter.getTopic(),
                    letter.getPartition(),
                    letter.getOffset(),
                    letter.getMessage());
            context.forward(
                    new Record<String, SpecificRecord>(record.key(), letter, record.timestamp(), record.headers()),
                    TO_DEAD_LETTERS);
        }
    }
}
