package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.app.kafka.EmbeddedKafka;
import io.sightline.app.kafka.TopicSetup;
import io.sightline.app.node.Producers;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.UploadPublisher;
import io.sightline.registry.EmbeddedSchemaRegistry;
import io.sightline.registry.KafkaSchemaStore;
import io.sightline.streams.RecordSerdes;
import io.sightline.testing.BadImages;
import io.sightline.testing.SharedData;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole 250-photo set plus huge but legal images (48 and 49 megapixels, just under the 50 MP cap) and
 * decompression bombs through a real pipeline JVM with a 512 MB heap that exits on OutOfMemoryError: every legal
 * image is indexed, the bombs are refused from their headers, the JVM stays up. The peak heap after each GC and
 * the ingest time are logged for the reliability report.
 */
class SmallHeapIngestIT {
    private static final Logger LOG = LoggerFactory.getLogger(SmallHeapIngestIT.class);

    @TempDir
    Path work;

    @Test
    void wholeSetAndHugeImagesFitInASmallHeap() throws Exception {
        Path images = Files.createDirectories(work.resolve("huge"));
        writeHuge(images.resolve("huge-jpeg-a.jpg"), 8000, 6000, "jpeg", Color.ORANGE);
        writeHuge(images.resolve("huge-jpeg-b.jpg"), 6000, 8000, "jpeg", Color.CYAN);
        writeHuge(images.resolve("huge-png.png"), 7000, 7000, "png", Color.MAGENTA);
        Path bombs = Files.createDirectories(work.resolve("bombs"));
        Files.write(bombs.resolve("bomb-900mp.png"), BadImages.pngBomb(30_000, 30_000));
        Files.write(bombs.resolve("bomb-60mp.png"), BadImages.pngBomb(10_000, 6_000)); // just over the cap

        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                        new KafkaSchemaStore(kafka.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC, Map.of()),
                        "127.0.0.1",
                        0)) {
            Map<String, String> settings = new HashMap<>(Map.of(
                    SightlineConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    SightlineConfig.SCHEMA_REGISTRY_URL, registry.url().toString(),
                    SightlineConfig.WORK_DIR, work.resolve("state").toString(),
                    SightlineConfig.HTTP_PORT, String.valueOf(freePort()),
                    SightlineConfig.MODEL_PATH, SharedData.backboneOnnx().toString(),
                    SightlineConfig.LONGEST_SIDE, "256", // memory is decoding's; a small side keeps the test short
                    SightlineConfig.FETCH_FILE_ROOTS, SharedData.parisImages() + "," + work));
            SightlineConfig config = SightlineConfig.load(Map.of(), Map.of(), settings, work);
            TopicSetup.ensureConfigured(config);
            RecordSerdes serdes = RegistryConnection.serdes(RegistryConnection.client(config));

            List<Path> photos = SharedData.photos(250);
            List<Path> legal = new ArrayList<>(photos);
            legal.addAll(UploadPublisher.imagesIn(images));
            List<Path> all = new ArrayList<>(legal);
            all.addAll(UploadPublisher.imagesIn(bombs));

            Path log = Path.of("target", "SmallHeapIngestIT-sightline.log").toAbsolutePath();
            Path gcLog = Path.of("target", "SmallHeapIngestIT-gc.log").toAbsolutePath();
            Files.deleteIfExists(log);
            Files.deleteIfExists(gcLog);
            try (SightlineProcess pipeline = SightlineProcess.start(
                    settings,
                    log,
                    List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog),
                    "serve")) {
                long started = System.nanoTime();
                try (var producer = Producers.uploads(config, serdes)) {
                    new UploadPublisher(producer, config.getString(SightlineConfig.TOPIC_UPLOADED), Clock.systemUTC())
                            .publish(all, UploadPublisher.SourceMode.URI, Map.of(), n -> {});
                }
                String descriptors = config.getString(SightlineConfig.TOPIC_DESCRIPTORS);
                String dlq = config.getString(SightlineConfig.TOPIC_DLQ);
                Awaitility.await()
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            pipeline.assertAlive();
                            return CommittedRecords.keys(kafka.bootstrapServers(), descriptors)
                                                    .size()
                                            >= legal.size()
                                    && CommittedRecords.keys(kafka.bootstrapServers(), dlq)
                                                    .size()
                                            >= 2;
                        });
                double seconds = (System.nanoTime() - started) / 1e9;
                pipeline.assertAlive();

                assertThat(CommittedRecords.keys(kafka.bootstrapServers(), descriptors))
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(
                                legal.stream().map(UploadPublisher::imageId).toList());
                assertThat(CommittedRecords.keys(kafka.bootstrapServers(), dlq))
                        .containsExactlyInAnyOrder("bomb-900mp", "bomb-60mp");
                String output = Files.readString(log);
                assertThat(output).doesNotContain("java.lang.OutOfMemoryError");
                assertThat(output)
                        .contains("30000x30000 = 900000000 pixels, above the cap")
                        .contains("10000x6000 = 60000000 pixels, above the cap");
                LOG.info(
                        "Small-heap ingest: {} legal images ({} of them 48-49 MP) indexed and {} bombs refused in "
                                + "{} s with -Xmx512m; peak heap after GC {} MB, peak before GC {} MB",
                        legal.size(),
                        legal.size() - photos.size(),
                        all.size() - legal.size(),
                        String.format("%.1f", seconds),
                        peakHeap(gcLog, 2),
                        peakHeap(gcLog, 1));
            }
        }
    }

    /** A large smooth picture (gradient and shapes: realistic file sizes, not noise) of width x height pixels. */
    private static void writeHuge(Path file, int width, int height, String format, Color accent) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, Color.DARK_GRAY, width, height, accent));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.WHITE);
            for (int i = 0; i < 12; i++) {
                g.fillOval(i * width / 12, (i % 3) * height / 3, width / 16, height / 10);
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
    }

    /** Largest heap figure in the GC log, group 1 = before a collection, group 2 = after it ("300M->120M(512M)"). */
    private static long peakHeap(Path gcLog, int group) throws java.io.IOException {
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)").matcher(Files.readString(gcLog));
        long peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(group)));
        }
        return peak;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
