package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.app.config.SightlineConfig;
import io.sightline.data.DatasetLocations;
import io.sightline.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code sightline demo} JVM in the middle of its ingest (a SIGSEGV in ONNX Runtime once ended
 * such a stop): it exits within 10 s without a crash file, and a restart on the same state with --keep-data ends
 * with every photo indexed once. Runs on the Paris subset where present, else on the in-repository sample.
 * bench/demo_sigterm.sh does the same through ./sightline with 120 photos.
 */
class DemoSigtermIT {
    private static final Pattern INDEX_PROGRESS = Pattern.compile("index[^\\r\\n]*?(\\d+)/(\\d+)");

    @TempDir
    Path work;

    @Test
    void sigtermMidIngestExitsWithinTenSecondsAndARestartIndexesEveryPhotoOnce() throws Exception {
        DatasetLocations.Dataset paris = SharedData.locations().paris();
        int count = paris.present() ? 60 : 40;
        Path photos = Files.createDirectories(work.resolve("photos"));
        for (Path photo : SharedData.photos(count)) {
            Files.copy(photo, photos.resolve(photo.getFileName()));
        }
        Map<String, String> settings = Map.of(
                SightlineConfig.KAFKA_PORT,
                "0",
                SightlineConfig.SCHEMA_REGISTRY_PORT,
                "0",
                SightlineConfig.HTTP_PORT,
                "0",
                SightlineConfig.WORK_DIR,
                work.resolve("state").toString(),
                SightlineConfig.MODEL_PATH,
                SharedData.backboneOnnx().toString(),
                SightlineConfig.LONGEST_SIDE,
                "384");
        Path firstLog = work.resolve("first.log");
        SightlineProcess first =
                SightlineProcess.start(settings, firstLog, "demo", "--exit", "--images", photos.toString());
        int stopAt = count / 4;
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        first.assertAlive();
                        return indexed(firstLog) >= stopAt;
                    });
            long started = System.nanoTime();
            int code = first.terminate(Duration.ofSeconds(10));
            long stopMillis = (System.nanoTime() - started) / 1_000_000;
            String log = Files.readString(firstLog);
            assertThat(code)
                    .as("exit code of a JVM stopped by SIGTERM, in %d ms; log:%n%s", stopMillis, log)
                    .isEqualTo(143);
            assertThat(log).doesNotContain("SIGSEGV", "A fatal error has been detected");
            assertThat(indexed(firstLog)).as("stopped in the middle").isLessThan(count);
        } finally {
            first.kill();
        }
        try (Stream<Path> files = Files.list(Path.of("."))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.equals("hs_err_pid" + first.pid() + ".log"));
        }

        Path secondLog = work.resolve("second.log");
        try (SightlineProcess second = SightlineProcess.start(
                settings, secondLog, "demo", "--exit", "--keep-data", "--images", photos.toString())) {
            int code = second.awaitExit(Duration.ofMinutes(4));
            String log = Files.readString(secondLog);
            assertThat(code).as(log).isZero();
            List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
            assertThat(log).containsPattern("\\d+ of " + count + " images already indexed by an earlier run");
            assertThat(lines).as("each photo once in the index").contains("Index holds " + count + " images");
            // The child's log interleaves stdout with its logging, so the summary is not necessarily the last line.
            assertThat(lines).contains("indexed " + count + " rejected 0");
        }
    }

    /** The latest "index ... n/N" of the demo's progress bar in its log (0 before it appears). */
    private static int indexed(Path log) throws java.io.IOException {
        Matcher m = INDEX_PROGRESS.matcher(Files.readString(log));
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
