package io.sightline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.backbone.OnnxBackbone;
import io.sightline.descriptor.DescriptorExtractor;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageFetcher;
import io.sightline.image.ImageLimits;
import io.sightline.pooling.RMac;
import io.sightline.schemas.DeadLetter;
import io.sightline.schemas.ImageDescriptor;
import io.sightline.schemas.ImageUploaded;
import io.sightline.schemas.Stage;
import io.sightline.streams.ingest.ImageSourceLoader;
import io.sightline.testing.BadImages;
import io.sightline.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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

/** The ingest sub-topology on real photos and the real backbone, without a broker. */
class IngestTopologyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final Topics TOPICS = Topics.defaults();
    private static DescriptorExtractor extractor;
    private static ImageFetcher fetcher;

    @TempDir
    Path stateDir;

    private IngestTestDriver ingest;
    private RecordSerdes serdes;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> uploads;
    private TestOutputTopic<String, ImageDescriptor> descriptors;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeAll
    static void loadModel() {
        // A small longest side keeps the test fast; the descriptor code path is the pipeline's.
        extractor = new DescriptorExtractor(
                new OnnxBackbone(SharedData.backboneOnnx(), List.of("features_17"), 1),
                "features_17",
                new RMac(3),
                256);
        fetcher = new ImageFetcher(ImageLimits.defaults());
    }

    @AfterAll
    static void closeModel() {
        extractor.close();
        fetcher.close();
    }

    @BeforeEach
    void startDriver() {
        ImageLimits limits = ImageLimits.defaults();
        ingest = new IngestTestDriver(
                "ingest-test",
                stateDir,
                CLOCK,
                new SightlineTopology.IngestStage(
                        new ImageSourceLoader(fetcher, limits), new ImageDecoder(limits), extractor));
        serdes = ingest.serdes;
        driver = ingest.driver;
        uploads = ingest.uploads;
        descriptors = ingest.descriptors;
        deadLetters = ingest.deadLetters;
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void publish(String id, Object source) {
        ingest.publish(id, source);
    }

    @Test
    void inlineAndFileUploadsBecomeUnitDescriptors() throws IOException {
        Path photo = SharedData.photos(1).get(0);
        publish("inline", ByteBuffer.wrap(Files.readAllBytes(photo)));
        publish("by-uri", photo.toUri().toString());

        List<TestRecord<String, ImageDescriptor>> out = descriptors.readRecordsToList();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(out).extracting(TestRecord::key).containsExactly("inline", "by-uri");
        for (TestRecord<String, ImageDescriptor> record : out) {
            ImageDescriptor d = record.value();
            assertThat(d.getDim()).isEqualTo(extractor.dimension());
            assertThat(d.getModelVersion()).isEqualTo(extractor.modelVersion());
            assertThat(d.getAttributes()).containsEntry("album", "test");
            assertThat(d.getWidth())
                    .as("the stored width of the photo")
                    .isEqualTo(javax.imageio.ImageIO.read(photo.toFile()).getWidth());
            float[] v = VectorBytes.decode(d.getVector(), d.getDim());
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            java.awt.image.BufferedImage thumbnail = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    d.getThumbnail().array(),
                    d.getThumbnail().arrayOffset() + d.getThumbnail().position(),
                    d.getThumbnail().remaining()));
            assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).isEqualTo(256);
            assertThat((double) thumbnail.getWidth() / thumbnail.getHeight())
                    .isCloseTo((double) d.getWidth() / d.getHeight(), org.assertj.core.data.Offset.offset(0.01));
        }
        float[] a = VectorBytes.decode(out.get(0).value().getVector(), extractor.dimension());
        float[] b = VectorBytes.decode(out.get(1).value().getVector(), extractor.dimension());
        assertThat(a).containsExactly(b); // same photo, same pipeline: same descriptor
    }

    /**
     * The ingest stages' CPU is published as task metrics (group sightline-ingest-metrics): two real photos count
     * two images and some CPU in decoding, thumbnailing and extraction; a corrupt upload adds decode CPU but no
     * image.
     */
    @Test
    void stageCpuIsPublishedAsTaskMetrics() throws IOException {
        Path photo = SharedData.photos(1).get(0);
        publish("one", ByteBuffer.wrap(Files.readAllBytes(photo)));
        publish("two", photo.toUri().toString());
        publish("corrupt", ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}));

        assertThat(descriptors.readRecordsToList()).hasSize(2);
        assertThat(deadLetters.readRecordsToList()).hasSize(1);
        java.util.Map<String, Double> totals = new java.util.HashMap<>();
        driver.metrics().forEach((name, metric) -> {
            if (name.group().equals("sightline-ingest-metrics")) {
                totals.merge(name.name(), ((Number) metric.metricValue()).doubleValue(), Double::sum);
            }
        });
        assertThat(totals).containsEntry("images-total", 2.0);
        assertThat(totals.get("decode-cpu-ns-total")).isPositive();
        assertThat(totals.get("thumbnail-cpu-ns-total")).isPositive();
        // A backbone pass on a real photo is milliseconds of CPU, far more than decoding a 256-px thumbnail's worth.
        assertThat(totals.get("extract-cpu-ns-total")).isGreaterThan(totals.get("thumbnail-cpu-ns-total"));
    }

    @Test
    void everyBadInputBecomesADeadLetterWithItsStageAndTheStreamGoesOn() throws IOException {
        Path photo = SharedData.photos(1).get(0);
        publish("empty", ByteBuffer.wrap(new byte[0]));
        publish("truncated", ByteBuffer.wrap(BadImages.truncatedJpeg()));
        publish("text", ByteBuffer.wrap(BadImages.text()));
        publish("bomb", ByteBuffer.wrap(BadImages.pngBomb(30_000, 30_000)));
        publish("missing", stateDir.resolve("no-such-file.jpg").toUri().toString());
        publish("ftp", "ftp://example.org/x.jpg");
        uploads.pipeInput("garbage", "definitely not avro".getBytes());
        byte[] unknownId = new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 'x'};
        uploads.pipeInput("unknown-schema", unknownId);
        ImageUploaded mismatched = ImageUploaded.newBuilder()
                .setImageId("other")
                .setSource(photo.toUri().toString())
                .setContentType(null)
                .setUploadedAt(CLOCK.instant())
                .build();
        uploads.pipeInput("key", serdes.uploads().serializer().serialize(TOPICS.uploaded(), mismatched));
        publish("good", ByteBuffer.wrap(Files.readAllBytes(photo))); // after all the bad ones

        Map<String, DeadLetter> letters = new java.util.HashMap<>();
        for (TestRecord<String, DeadLetter> r : deadLetters.readRecordsToList()) {
            letters.put(r.key(), r.value());
        }
        assertThat(letters)
                .containsOnlyKeys(
                        "empty", "truncated", "text", "bomb", "missing", "ftp", "garbage", "unknown-schema", "other");
        assertThat(letters.get("empty").getStage()).isEqualTo(Stage.VALIDATE);
        assertThat(letters.get("ftp").getStage()).isEqualTo(Stage.VALIDATE);
        assertThat(letters.get("other").getStage()).isEqualTo(Stage.VALIDATE);
        assertThat(letters.get("other").getMessage()).contains("differs");
        assertThat(letters.get("truncated").getStage()).isEqualTo(Stage.DECODE);
        assertThat(letters.get("text").getStage()).isEqualTo(Stage.DECODE);
        assertThat(letters.get("bomb").getStage()).isEqualTo(Stage.DECODE);
        assertThat(letters.get("bomb").getMessage()).contains("30000");
        assertThat(letters.get("missing").getStage()).isEqualTo(Stage.FETCH);
        assertThat(letters.get("missing").getMessage()).contains("no-such-file.jpg");
        assertThat(letters.get("garbage").getStage()).isEqualTo(Stage.DESERIALIZE);
        assertThat(letters.get("unknown-schema").getStage()).isEqualTo(Stage.DESERIALIZE);
        assertThat(letters.get("unknown-schema").getMessage()).containsIgnoringCase("schema");
        for (DeadLetter letter : letters.values()) {
            assertThat(letter.getTopic()).isEqualTo(TOPICS.uploaded());
            assertThat(letter.getOffset()).isGreaterThanOrEqualTo(0);
            assertThat(letter.getMessage()).isNotBlank();
            assertThat(letter.getPayloadHead()).isNotNull();
        }
        assertThat(descriptors.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("good");
    }

    @Test
    void tombstoneIsPassedOnToDeleteDownstream() {
        uploads.pipeInput("gone", (byte[]) null);
        TestRecord<String, ImageDescriptor> out = descriptors.readRecord();
        assertThat(out.key()).isEqualTo("gone");
        assertThat(out.value()).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }
}
