package io.sightline.streams;

import io.sightline.registry.InMemorySchemaStore;
import io.sightline.registry.LocalSchemaRegistry;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The ingest sub-topology in a TopologyTestDriver with an in-memory schema registry: its uploads input, its
 * descriptor and dead-letter outputs, and uploads published as the pipeline's producers serialize them.
 */
final class IngestTestDriver implements AutoCloseable {
    static final Topics TOPICS = Topics.defaults();

    final RecordSerdes serdes;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> uploads;
    final TestOutputTopic<String, ImageDescriptor> descriptors;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    private final Clock clock;

    IngestTestDriver(String applicationId, Path stateDir, Clock clock, SightlineTopology.IngestStage stage) {
        this.clock = clock;
        LocalSchemaRegistry registry = new LocalSchemaRegistry(new InMemorySchemaStore());
        serdes = new RecordSerdes(
                AvroSerdes.value(ImageUploaded.class, registry),
                AvroSerdes.value(ImageDescriptor.class, registry),
                AvroSerdes.value(DeadLetter.class, registry));
        SightlineTopology topologies = new SightlineTopology(TOPICS, serdes, clock);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(topologies.deadLetterRouting().streamsConfig());
        driver = new TopologyTestDriver(topologies.build(Optional.of(stage), Optional.empty()), props);
        uploads = driver.createInputTopic(TOPICS.uploaded(), new StringSerializer(), new ByteArraySerializer());
        descriptors = driver.createOutputTopic(
                TOPICS.descriptors(),
                new StringDeserializer(),
                serdes.descriptors().deserializer());
        deadLetters = driver.createOutputTopic(
                TOPICS.deadLetters(),
                new StringDeserializer(),
                serdes.deadLetters().deserializer());
    }

    /** An upload of {@code source} (a URI string or inline bytes) with the attribute album=test. */
    void publish(String id, Object source) {
        ImageUploaded event = ImageUploaded.newBuilder()
                .setImageId(id)
                .setSource(source)
                .setContentType(null)
                .setAttributes(Map.of("album", "test"))
                .setUploadedAt(clock.instant())
                .build();
        uploads.pipeInput(id, serdes.uploads().serializer().serialize(TOPICS.uploaded(), event));
    }

    @Override
    public void close() {
        driver.close();
    }
}
