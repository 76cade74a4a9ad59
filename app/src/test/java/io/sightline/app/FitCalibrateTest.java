package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.ExtractionStack;
import io.sightline.app.node.SearchEndpoint;
import io.sightline.bundle.BundleManifest;
import io.sightline.bundle.ModelBundle;
import io.sightline.descriptor.Descriptor;
import io.sightline.eval.QueryView;
import io.sightline.index.ImageMeta;
import io.sightline.index.ShardIndex;
import io.sightline.index.VectorFormat;
import io.sightline.match.MatchThresholds;
import io.sightline.search.IndexSearchBackend;
import io.sightline.search.QueryRejectedException;
import io.sightline.search.SearchServer;
import io.sightline.search.SearchServerConfig;
import io.sightline.search.SearchServices;
import io.sightline.search.SystemStatus;
import io.sightline.search.UploadSink;
import io.sightline.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --calibrate} end to end through the CLI on ten real photos of the Paris subset (two landmarks with the
 * subset's own labels, two unlabelled photos of a third), at 256 px: the bundle it writes carries calibrated
 * match-level thresholds, and {@code eval} and the search API then report levels with them unless a
 * {@code search.match.*} key is set.
 */
class FitCalibrateTest {
    private static final List<String> PHOTOS = List.of(
            "paris_louvre_000081", // the query image of louvre_1
            "paris_louvre_000015",
            "paris_louvre_000019",
            "paris_louvre_000033",
            "paris_eiffel_000266", // the query image of eiffel_3
            "paris_eiffel_000000",
            "paris_eiffel_000004",
            "paris_eiffel_000005",
            "paris_moulinrouge_000003",
            "paris_moulinrouge_000006");
    /** The keys' defaults, calibrated for the default model: not this bundle's. */
    private static final MatchThresholds DEFAULTS = new MatchThresholds(0.908, 0.811, 0.684);

    @TempDir
    static Path dir;

    private static Path photos;
    private static Path gt;
    private static Path bundleDir;
    private static String fitOutput;

    @BeforeAll
    static void fitWithCalibration() throws Exception {
        Path images = SharedData.parisImages(); // the full subset (skips on a bare clone)
        photos = Files.createDirectories(dir.resolve("photos"));
        for (String name : PHOTOS) {
            Files.copy(images.resolve(name + ".jpg"), photos.resolve(name + ".jpg"));
        }
        gt = groundTruthOf(SharedData.parisGroundTruth(), Set.copyOf(PHOTOS), dir.resolve("gt"));
        bundleDir = dir.resolve("bundle");
        fitOutput = run(
                "fit",
                "--images",
                photos.toString(),
                "--gt",
                gt.toString(),
                "--out",
                bundleDir.toString(),
                "--scales",
                "256",
                "--calibrate",
                "-D",
                "model.path=" + SharedData.backboneOnnx());
    }

    @Test
    void fitStoresTheThresholdsItCalibratedInTheBundle() {
        BundleManifest.MatchThresholdsSpec t = calibrated();

        assertThat(fitOutput).contains("match levels calibrated on 10 photos x 7 views (700 pairs)");
        assertThat(fitOutput)
                .contains(String.format(
                        Locale.ROOT,
                        "duplicate %.3f, near-duplicate %.3f, same-place %.3f",
                        t.duplicate(),
                        t.nearDuplicate(),
                        t.samePlace()));
        assertThat(t.samePlace()).as("same-place, with --gt").isNotNull();
        assertThat(t.duplicate()).isGreaterThanOrEqualTo(t.nearDuplicate());
        assertThat(t.nearDuplicate()).isGreaterThanOrEqualTo(t.samePlace());
        assertThat(t.calibratedOn()).contains("10 photos in " + photos).contains("same-landmark pairs of 8 photos");
        // This bundle's similarities are not the default model's: its calibration moves every level.
        assertThat(List.of(t.duplicate(), t.nearDuplicate(), t.samePlace()))
                .doesNotContainAnyElementsOf(List.of(DEFAULTS.duplicate(), DEFAULTS.nearDuplicate(), 0.684));
    }

    @Test
    void withoutGroundTruthOnlyTheCopyLevelsAreCalibrated() throws Exception {
        Path copiesOnly = dir.resolve("bundle-copies-only");
        String out = run(
                "fit",
                "--images",
                photos.toString(),
                "--out",
                copiesOnly.toString(),
                "--scales",
                "256",
                "--calibrate",
                "-D",
                "model.path=" + SharedData.backboneOnnx());

        BundleManifest.MatchThresholdsSpec t =
                ModelBundle.read(copiesOnly).manifest().matchThresholds();
        assertThat(t.samePlace()).isNull();
        assertThat(out)
                .contains("same-place -")
                .contains("same-place not calibrated: it needs --gt")
                .contains("search.match.same.place applies");
        // The copy levels need no labels: the same photos give the same thresholds with or without them.
        assertThat(t.duplicate()).isEqualTo(calibrated().duplicate());
        assertThat(t.nearDuplicate()).isEqualTo(calibrated().nearDuplicate());
    }

    @Test
    void evalUsesTheBundlesThresholdsUnlessAKeyIsSet() throws Exception {
        BundleManifest.MatchThresholdsSpec t = calibrated();
        String version = ModelBundle.read(bundleDir).version();
        String[] eval = {
            "eval",
            "--bundle",
            bundleDir.toString(),
            "--protocol",
            "loo",
            "--images",
            photos.toString(),
            "--gt",
            gt.toString()
        };

        String fromBundle = run(eval);
        assertThat(fromBundle)
                .contains(String.format(
                        Locale.ROOT,
                        "match levels: duplicate %.3f (calibrated for bundle %s), near-duplicate %.3f (calibrated for "
                                + "bundle %2$s), same-place %.3f (calibrated for bundle %2$s)",
                        t.duplicate(),
                        version,
                        t.nearDuplicate(),
                        t.samePlace()))
                .containsPattern("mAP [01]\\.\\d{4}");

        List<String> withKey = new ArrayList<>(List.of(eval));
        withKey.addAll(List.of("-D", "search.match.duplicate=1.5"));
        assertThat(run(withKey.toArray(String[]::new)))
                .contains(String.format(
                        Locale.ROOT,
                        "match levels: duplicate 1.500 (set: search.match.duplicate), near-duplicate %.3f (calibrated "
                                + "for bundle %s)",
                        t.nearDuplicate(),
                        version));
    }

    @Test
    void theSearchApiAnswersWithTheBundlesLevels() throws Exception {
        BundleManifest.MatchThresholdsSpec t = calibrated();
        SightlineConfig config = SightlineConfig.load(
                Map.of(),
                Map.of(),
                Map.of(SightlineConfig.MODEL_BUNDLE, bundleDir.toString()),
                SharedData.locations().root());
        // The similarity thresholds are the bundle's; the inlier rule of copies is the configuration's (036).
        MatchThresholds bundleLevels = new MatchThresholds(
                t.duplicate(),
                t.nearDuplicate(),
                t.samePlace(),
                config.getInt(SightlineConfig.SEARCH_MATCH_COPY_INLIERS));
        try (ExtractionStack stack = ExtractionStack.fromConfig(config);
                ShardIndex shard =
                        ShardIndex.open(dir.resolve("shard"), stack.extractor().dimension(), VectorFormat.HNSW_FLOAT)) {
            // What a served generation of this bundle resolves (GenerationFactory), and serves with.
            MatchThresholds matching = SearchEndpoint.matching(config, stack);
            assertThat(matching).isEqualTo(bundleLevels);
            long last = 0;
            for (String name : PHOTOS) {
                Descriptor d = describe(stack, Files.readAllBytes(photos.resolve(name + ".jpg")));
                last = shard.upsert(
                        name,
                        d.vector(),
                        Map.of(),
                        new ImageMeta(
                                stack.extractor().modelVersion(),
                                d.width(),
                                d.height(),
                                0,
                                null,
                                d.local().map(l -> l.toBytes()).orElse(null)));
            }
            assertThat(shard.awaitSearchable(last, 10_000)).isTrue();
            IndexSearchBackend backend = new IndexSearchBackend(shard, SearchEndpoint.expandedSearch(config, matching));
            SearchServices services = new SearchServices(
                    () -> SearchEndpoint.snapshot(stack, backend, matching),
                    url -> {
                        throw new QueryRejectedException("no fetching in this test", 422);
                    },
                    new NoUploads(),
                    SystemStatus.fixed(backend),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            try (SearchServer server = new SearchServer(SearchServerConfig.defaults(), services).start()) {
                // A re-encoded copy of an indexed photo, as another app would send it.
                byte[] copy = jpeg(QueryView.JPEG_30.apply(
                        ImageIO.read(photos.resolve("paris_louvre_000081.jpg").toFile())));
                JsonNode results = search(server, copy).path("results");

                assertThat(results.size()).isEqualTo(PHOTOS.size());
                assertThat(results.get(0).path("imageId").asText()).isEqualTo("paris_louvre_000081");
                assertThat(results.get(0).path("match").asText()).isIn("duplicate", "near-duplicate");
                List<String> differsFromDefaults = new ArrayList<>();
                for (JsonNode r : results) {
                    double similarity = r.path("similarity").asDouble();
                    String level = bundleLevels.level(similarity).label();
                    assertThat(r.path("match").asText())
                            .as("%s at similarity %.4f", r.path("imageId").asText(), similarity)
                            .isEqualTo(level);
                    if (!level.equals(DEFAULTS.level(similarity).label())) {
                        differsFromDefaults.add(r.path("imageId").asText() + " " + level);
                    }
                }
                // Levels the keys' defaults would have given differently: the answer came from the bundle's.
                assertThat(differsFromDefaults).isNotEmpty();
            }
        }
    }

    private static BundleManifest.MatchThresholdsSpec calibrated() {
        return ModelBundle.read(bundleDir)
                .manifest()
                .calibratedMatchThresholds()
                .orElseThrow();
    }

    private static Descriptor describe(ExtractionStack stack, byte[] bytes) throws Exception {
        return stack.extractor()
                .describe(stack.decoder()
                        .decode(bytes, stack.extractor().largestInputSide())
                        .image());
    }

    private static byte[] jpeg(java.awt.image.BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", out)).isTrue();
        return out.toByteArray();
    }

    private static JsonNode search(SearchServer server, byte[] image) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.url().resolve("/v1/search?k=" + PHOTOS.size()))
                                .header("Content-Type", "image/jpeg")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(image))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    /**
     * The subset's ground truth cut down to {@code present}, as the subset's own was cut from the full set: the
     * queries whose query image is present, their lists filtered to present images.
     */
    private static Path groundTruthOf(Path full, Set<String> present, Path out) throws Exception {
        Files.createDirectories(out);
        List<Path> queryFiles;
        try (var files = Files.list(full)) {
            queryFiles = files.filter(f -> f.getFileName().toString().endsWith("_query.txt"))
                    .toList();
        }
        for (Path q : queryFiles) {
            if (!present.contains(Files.readString(q).trim().split("\\s+")[0])) {
                continue;
            }
            String name = q.getFileName().toString().replace("_query.txt", "");
            Files.copy(q, out.resolve(q.getFileName()));
            for (String list : List.of("good", "ok", "junk")) {
                Path file = full.resolve(name + "_" + list + ".txt");
                List<String> kept = Files.exists(file)
                        ? Files.readAllLines(file).stream()
                                .map(String::trim)
                                .filter(present::contains)
                                .collect(Collectors.toList())
                        : List.of();
                Files.write(out.resolve(file.getFileName()), kept);
            }
        }
        return out;
    }

    private static String run(String... args) {
        return CliRun.of(args).succeeded();
    }

    /** Searches publish nothing. */
    private static final class NoUploads implements UploadSink {
        @Override
        public void publishBytes(String imageId, byte[] image, String contentType, Map<String, String> attributes) {
            throw new UnsupportedOperationException("no uploads in this test");
        }

        @Override
        public void publishUrl(String imageId, String url, Map<String, String> attributes) {
            throw new UnsupportedOperationException("no uploads in this test");
        }

        @Override
        public void delete(String imageId) {
            throw new UnsupportedOperationException("no uploads in this test");
        }
    }
}
