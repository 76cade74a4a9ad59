package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.index.Quantizers;
import io.sightline.pooling.RMac;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.Stage;
import io.sightline.streams.ingest.Batching;
import io.sightline.streams.ingest.ImageSourceLoader;
import io.sightline.streams.ingest.IngestProcessor;
import io.sightline.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest sub-topology with micro-batches of 3 (real photos, real backbone). Invariants: nothing is emitted
 * for a batch until it is full or its oldest upload has waited the maximum; every upload then comes out exactly
 * once, in order, with the descriptor it gets without batching; a bad upload in a batch is dead-lettered alone;
 * a tombstone never overtakes the upload it deletes; buffered uploads are in the buffer's changelog until done.
 */
class BatchedIngestTopologyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final Topics TOPICS = Topics.defaults();
    private static final Duration MAX_WAIT = Duration.ofMillis(100);
    private static DescriptorExtractor extractor;
    private static ImageFetcher fetcher;
    private static ExecutorService loaders;

    @TempDir
    Path stateDir;

    private IngestTestDriver ingest;
    private RecordSerdes serdes;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> uploads;
    private TestOutputTopic<String, ImageDescriptor> descriptors;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<Long, byte[]> bufferChangelog;

    @BeforeAll
    static void loadModel() {
        extractor = new DescriptorExtractor(
                new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1),
                "features_17",
                new RMac(3),
                256);
        fetcher = new ImageFetcher(ImageLimits.defaults());
        loaders = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void closeModel() {
        extractor.close();
        fetcher.close();
        loaders.shutdownNow();
    }

    @BeforeEach
    void startDriver() {
        ImageLimits limits = ImageLimits.defaults();
        ingest = new IngestTestDriver(
                "batch-test",
                stateDir,
                CLOCK,
                new SightlineTopology.IngestStage(
                        new ImageSourceLoader(fetcher, limits),
                        new ImageDecoder(limits),
                        extractor,
                        Quantizers.none(),
                        new Batching(3, MAX_WAIT, loaders)));
        serdes = ingest.serdes;
        driver = ingest.driver;
        uploads = ingest.uploads;
        descriptors = ingest.descriptors;
        deadLetters = ingest.deadLetters;
        bufferChangelog = driver.createOutputTopic(
                "batch-test-" + IngestProcessor.BUFFER_STORE + "-changelog",
                new LongDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void publish(String id, Object source) {
        ingest.publish(id, source);
    }

    @Test
    void aPartialBatchWaitsForTheMaximumThenMatchesUnbatchedExtraction() throws Exception {
        List<Path> photos = SharedData.photos(2);
        publish("a", photos.get(0).toUri().toString());
        publish("b", photos.get(1).toUri().toString());
        assertThat(descriptors.isEmpty()).as("a batch of 2 < 3 waits").isTrue();
        assertThat(bufferChangelog.readRecordsToList())
                .extracting(TestRecord::value)
                .doesNotContainNull()
                .hasSize(2);

        driver.advanceWallClockTime(MAX_WAIT);
        List<TestRecord<String, ImageDescriptor>> out = descriptors.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("a", "b");
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        for (int i = 0; i < 2; i++) {
            float[] alone = extractor.extract(decoder.decode(Files.readAllBytes(photos.get(i))));
            ImageDescriptor d = out.get(i).value();
            float[] batched = VectorBytes.decode(d.getVector(), d.getDim());
            for (int j = 0; j < alone.length; j++) {
                assertThat(batched[j]).isCloseTo(alone[j], within(1e-4f));
            }
            assertThat(d.getThumbnail()).isNotNull();
        }
        assertThat(bufferChangelog.readRecordsToList())
                .as("done uploads leave the buffer")
                .extracting(TestRecord::value)
                .containsOnlyNulls()
                .hasSize(2);
    }

    @Test
    void aFullBatchRunsAtOnceAndABadUploadFailsAlone() throws Exception {
        List<Path> photos = SharedData.photos(2);
        publish("good-1", photos.get(0).toUri().toString());
        publish("broken", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x11}));
        publish("good-2", ByteBuffer.wrap(Files.readAllBytes(photos.get(1))));

        assertThat(descriptors.readRecordsToList()).extracting(TestRecord::key).containsExactly("good-1", "good-2");
        List<TestRecord<String, DeadLetter>> letters = deadLetters.readRecordsToList();
        assertThat(letters).extracting(TestRecord::key).containsExactly("broken");
        assertThat(letters.getFirst().value().getStage()).isEqualTo(Stage.DECODE);
        assertThat(letters.getFirst().value().getTopic()).isEqualTo(TOPICS.uploaded());
        assertThat(letters.getFirst().value().getOffset()).isEqualTo(1L);
    }

    @Test
    void aTombstoneFlushesTheBatchFirst() {
        publish("x", SharedData.photos(1).getFirst().toUri().toString());
        uploads.pipeInput("x", (byte[]) null);
        List<TestRecord<String, ImageDescriptor>> out = descriptors.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("x", "x");
        assertThat(out.get(0).value()).isNotNull();
        assertThat(out.get(1).value())
                .as("the delete comes after the upload it deletes")
                .isNull();
    }
}
