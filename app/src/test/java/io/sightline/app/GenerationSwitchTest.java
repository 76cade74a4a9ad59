package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.IngestWaiter;
import io.sightline.app.node.LocalSystem;
import io.sightline.app.node.Producers;
import io.sightline.app.node.RegistryConnection;
import io.sightline.app.node.UploadPublisher;
import io.sightline.app.node.generation.Generation;
import io.sightline.schemas.ModelPublished;
import io.sightline.testing.SharedData;
import io.sightline.trainer.publish.ModelPublisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new model published on a running system (embedded broker and registry, real extraction of real photos): the
 * node re-extracts every image into a new generation while searches run, switches without a failed search and
 * without mixing generations, deletes the old generation after the grace period, and serves the new one after a
 * restart. A tampered publication is refused and never served.
 */
class GenerationSwitchTest {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationSwitchTest.class);
    private static final int PHOTOS = 12;
    private static final int SEARCH_THREADS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One search as the client saw it. */
    record Answer(long startNanos, long endNanos, int status, String version, List<String> ids, String error) {}

    @Test
    void publishedModelIsBuiltAndSwitchedToWithoutFailedSearches() throws Exception {
        List<Path> photos = SharedData.photos(PHOTOS);
        Set<String> ids = photos.stream().map(UploadPublisher::imageId).collect(Collectors.toSet());
        Path bundle = fitBundle();
        Path data = dir.resolve("data");

        String oldVersion;
        String newVersion;
        try (LocalSystem system = start(data, true)) {
            oldVersion = system.generations().current().modelVersion();
            system.publisher().publish(photos, UploadPublisher.SourceMode.URI, Map.of(), n -> {});
            IngestWaiter.Outcome ingested = new IngestWaiter(system.shards(), system.deadLetters())
                    .await(List.copyOf(ids), Duration.ofMinutes(2), n -> {});
            assertThat(ingested.indexed()).isEqualTo(PHOTOS);

            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            AtomicBoolean searching = new AtomicBoolean(true);
            List<Thread> searchers = new ArrayList<>();
            for (int t = 0; t < SEARCH_THREADS; t++) {
                int offset = t;
                searchers.add(Thread.ofPlatform()
                        .name("searcher-" + t)
                        .start(() -> searchLoop(system.server().url(), photos, offset, searching, answers)));
            }

            publishTampered(system, bundle);
            long published = System.nanoTime();
            publishWithCli(system, bundle);
            long publishedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
            newVersion = io.sightline.bundle.ModelBundle.read(bundle).version();
            assertThat(newVersion).isNotEqualTo(oldVersion);
            String expected = newVersion;
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> system.generations().current().modelVersion().equals(expected));
            long switched = System.nanoTime();
            // Searches go on after the switch until every searcher has run two that started after it.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> answers.stream()
                                    .filter(a -> a.startNanos() > switched)
                                    .count()
                            >= 2L * SEARCH_THREADS);
            searching.set(false);
            for (Thread t : searchers) {
                t.join();
            }

            List<Answer> all = List.copyOf(answers);
            long duringSwitch = all.stream()
                    .filter(a -> a.endNanos() >= published && a.startNanos() <= switched)
                    .count();
            long errors = all.stream().filter(a -> a.status() != 200).count();
            LOG.info(
                    "GENERATION SWITCH: publish (CLI, {} ms) -> switch {} ms; searches {} in all, {} during the switch, "
                            + "{} errors",
                    publishedMs,
                    TimeUnit.NANOSECONDS.toMillis(switched - published),
                    all.size(),
                    duringSwitch,
                    errors);
            assertThat(all.stream().filter(a -> a.status() != 200).toList())
                    .as("failed searches")
                    .isEmpty();
            assertThat(duringSwitch)
                    .as("searches ran while the new generation was built")
                    .isGreaterThan(0);
            assertThat(all).extracting(Answer::version).containsOnly(oldVersion, newVersion);
            assertThat(all).extracting(Answer::version).contains(newVersion);
            long firstNewEnd = all.stream()
                    .filter(a -> a.version().equals(newVersion))
                    .mapToLong(Answer::endNanos)
                    .min()
                    .orElseThrow();
            assertThat(all.stream().filter(a -> a.startNanos() > firstNewEnd).map(Answer::version))
                    .as("once the new generation answered, every later search uses it")
                    .containsOnly(newVersion);
            assertThat(all)
                    .allSatisfy(a -> assertThat(a.ids())
                            .as("every answer holds every image")
                            .containsExactlyInAnyOrderElementsOf(ids));

            Generation current = system.generations().current();
            assertThat(current.shards().orElseThrow().count()).isEqualTo(PHOTOS);
            assertThat(current.config().getString(SightlineConfig.TOPIC_DESCRIPTORS))
                    .startsWith("images.descriptors.gem-");
            // After the grace period the old generation is closed and its shards deleted; search goes on.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(data.resolve("streams")));
            for (Path photo : photos) {
                Answer answer = search(system.server().url(), photo);
                assertThat(answer.version()).isEqualTo(newVersion);
                assertThat(answer.ids().getFirst())
                        .as("%s finds itself first", photo)
                        .isEqualTo(UploadPublisher.imageId(photo));
            }
        }

        // A restart serves the generation switched to, not the configured model.
        try (LocalSystem restarted = start(data, false)) {
            assertThat(restarted.generations().current().modelVersion()).isEqualTo(newVersion);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> restarted.shards().count() == PHOTOS);
            Answer answer = search(restarted.server().url(), photos.get(3));
            assertThat(answer.version()).isEqualTo(newVersion);
            assertThat(answer.ids()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    /** A second model: GeM instead of the configured R-MAC, so its version and its descriptors differ. */
    private Path fitBundle() {
        Path bundle = dir.resolve("bundle-gem");
        CliRun.of(
                        "fit",
                        "--images",
                        SharedData.parisImages().toString(),
                        "--out",
                        bundle.toString(),
                        "--head",
                        "gem",
                        "--scales",
                        "384",
                        "-D",
                        "model.path=" + SharedData.backboneOnnx())
                .succeeded();
        return bundle;
    }

    private static void publishWithCli(LocalSystem system, Path bundle) {
        String out = CliRun.of(
                        "publish-model",
                        "--bundle",
                        bundle.toString(),
                        "-D",
                        "bootstrap.servers=" + system.platform().bootstrapServers(),
                        "-D",
                        "schema.registry.url=" + system.platform().registryUrl())
                .succeeded();
        assertThat(out).contains("published model gem-");
    }

    /** The same bundle announced under another version with a wrong digest: must be refused, never served. */
    private static void publishTampered(LocalSystem system, Path bundle) throws Exception {
        SightlineConfig config = system.config();
        try (var producer = Producers.models(config, RegistryConnection.client(config))) {
            ModelPublished event = new ModelPublisher(
                            producer, config.getString(SightlineConfig.TOPIC_MODELS), Clock.systemUTC())
                    .event(bundle);
            event.setVersion("tampered");
            event.setSha256("0".repeat(64));
            producer.send(new ProducerRecord<>(config.getString(SightlineConfig.TOPIC_MODELS), "tampered", event))
                    .get();
        }
    }

    private LocalSystem start(Path data, boolean fresh) {
        return LocalSystem.start(data, fresh, 0, 0, addresses -> {
            Map<String, String> settings = new HashMap<>(addresses);
            settings.putAll(Map.of(
                    SightlineConfig.HTTP_PORT, "0",
                    SightlineConfig.TOPIC_PARTITIONS, "2",
                    SightlineConfig.STREAM_THREADS, "2",
                    SightlineConfig.LONGEST_SIDE, "384",
                    SightlineConfig.MODEL_PATH, SharedData.backboneOnnx().toString(),
                    SightlineConfig.FETCH_FILE_ROOTS, SharedData.parisImages().toString(),
                    SightlineConfig.GENERATION_GRACE_MS, "2000",
                    SightlineConfig.GENERATION_CATCHUP_POLL_MS, "200"));
            // Plain ranking, so "each photo finds itself first" holds; with DBA an image whose neighbours include
            // the query can outscore the query's own augmented vector. Generations, not DBA, are tested here.
            settings.put(SightlineConfig.SEARCH_DBA, "none");
            return SightlineConfig.load(
                    Map.of(),
                    Map.of(),
                    settings,
                    Path.of(System.getProperty("sightline.root", ".."))
                            .toAbsolutePath()
                            .normalize());
        });
    }

    private static void searchLoop(
            URI url, List<Path> photos, int offset, AtomicBoolean searching, ConcurrentLinkedQueue<Answer> answers) {
        for (int i = offset; searching.get(); i++) {
            answers.add(search(url, photos.get(i % photos.size())));
        }
    }

    private static Answer search(URI url, Path photo) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(url.resolve("/v1/search?k=" + PHOTOS))
                                    .header("Content-Type", "image/jpeg")
                                    .POST(HttpRequest.BodyPublishers.ofFile(photo))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Answer(start, System.nanoTime(), response.statusCode(), "", List.of(), response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            return new Answer(
                    start,
                    System.nanoTime(),
                    200,
                    body.path("modelVersion").asText(),
                    body.path("results").findValuesAsText("imageId"),
                    null);
        } catch (Exception e) {
            return new Answer(start, System.nanoTime(), -1, "", List.of(), e.toString());
        }
    }
}
