package io.sightline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.app.config.SightlineConfig;
import io.sightline.app.node.IngestWaiter;
import io.sightline.app.node.LocalSystem;
import io.sightline.app.node.UploadPublisher;
import io.sightline.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The HTTP API and the web page end to end through the real system in one JVM (broker, registry, both Kafka Streams
 * applications, ONNX extraction, Lucene shards) on 15 real Paris photos: every endpoint over real descriptors and
 * thumbnails, then the page in a real headless Chromium.
 */
class WebPageSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PHOTOS = 15;

    @TempDir
    static Path work;

    private static LocalSystem system;
    private static List<Path> photos;
    private static URI base;

    @BeforeAll
    static void startSystemAndIngest() {
        Path root = Path.of(System.getProperty("sightline.root", ".."))
                .toAbsolutePath()
                .normalize();
        system = LocalSystem.start(work.resolve("system"), true, 0, 0, addresses -> {
            Map<String, String> values = new HashMap<>(addresses);
            values.putAll(Map.of(
                    SightlineConfig.HTTP_PORT, "0",
                    SightlineConfig.TOPIC_PARTITIONS, "2",
                    SightlineConfig.STREAM_THREADS, "2",
                    SightlineConfig.LONGEST_SIDE, "384",
                    SightlineConfig.COMMIT_INTERVAL_MS, "100",
                    SightlineConfig.MODEL_PATH, SharedData.backboneOnnx().toString(),
                    SightlineConfig.FETCH_FILE_ROOTS, SharedData.parisImages().toString()));
            return new SightlineConfig(values, root);
        });
        base = system.server().url();
        photos = SharedData.photos(PHOTOS + 1).subList(0, PHOTOS);
        Map<String, List<Path>> byLandmark = new LinkedHashMap<>();
        photos.forEach(p ->
                byLandmark.computeIfAbsent(landmark(p), k -> new ArrayList<>()).add(p));
        UploadPublisher publisher = system.publisher();
        byLandmark.forEach((landmark, files) ->
                publisher.publish(files, UploadPublisher.SourceMode.URI, Map.of("landmark", landmark), done -> {}));
        IngestWaiter.Outcome outcome = new IngestWaiter(system.shards(), system.deadLetters())
                .await(photos.stream().map(UploadPublisher::imageId).toList(), Duration.ofMinutes(3), done -> {});
        assertThat(outcome.indexed()).isEqualTo(PHOTOS);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static String landmark(Path photo) {
        return UploadPublisher.imageId(photo).split("_")[1];
    }

    @Test
    void everyEndpointOverTheRealPipeline() throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> get("/v1/ready").statusCode() == 200);
        String id = UploadPublisher.imageId(photos.get(3));

        JsonNode meta = JSON.readTree(get("/v1/images/" + id).body());
        assertThat(meta.get("attributes").get("landmark").asText()).isEqualTo(landmark(photos.get(3)));
        assertThat(meta.get("width").asInt()).isPositive();
        assertThat(meta.get("modelVersion").asText()).isNotBlank();
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(HTTP.send(
                        request("/v1/images/" + id + "/thumbnail").GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body()));
        assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(256);

        JsonNode byId = JSON.readTree(
                postJson("/v1/search?k=3", "{\"imageId\":\"" + id + "\"}").body());
        assertThat(byId.get("results").get(0).get("imageId").asText()).isEqualTo(id);
        JsonNode similar = JSON.readTree(
                get("/v1/images/" + id + "/similar?k=5&filter=landmark:eiffel").body());
        assertThat(similar.get("results")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("imageId").asText()).isNotEqualTo(id);
            assertThat(r.get("attributes").get("landmark").asText()).isEqualTo("eiffel");
        });

        // A new photo through POST /v1/images: searchable by its own bytes, then deleted.
        Path extra = SharedData.photos(PHOTOS + 1).get(PHOTOS);
        byte[] bytes = Files.readAllBytes(extra);
        HttpResponse<String> accepted = HTTP.send(
                request("/v1/images?imageId=uploaded-1&attribute=source:api")
                        .header("Content-Type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> get("/v1/images/uploaded-1").statusCode() == 200);
        JsonNode byBytes = JSON.readTree(HTTP.send(
                        request("/v1/search?k=1")
                                .header("Content-Type", "image/jpeg")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(byBytes.get("results").get(0).get("imageId").asText()).isEqualTo("uploaded-1");
        assertThat(HTTP.send(request("/v1/images/uploaded-1").DELETE().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> get("/v1/images/uploaded-1").statusCode() == 404);

        JsonNode status = JSON.readTree(get("/v1/status").body());
        assertThat(status.get("indexedImages").asInt()).isEqualTo(PHOTOS);
        String metrics = get("/metrics").body();
        assertThat(metrics)
                .contains(
                        "sightline_index_images " + PHOTOS + ".0",
                        "sightline_http_requests_seconds_bucket",
                        "sightline_ingest_lag_records{stage=\"index\"}");
        // Every photo went through decoding and the backbone on this instance, which spent CPU on both.
        assertThat(metricValue(metrics, "sightline_ingest_images_total")).isGreaterThanOrEqualTo(PHOTOS);
        assertThat(metricValue(metrics, "sightline_ingest_cpu_seconds_total{stage=\"decode\"}"))
                .isPositive();
        assertThat(metricValue(metrics, "sightline_ingest_cpu_seconds_total{stage=\"extract\"}"))
                .isGreaterThan(metricValue(metrics, "sightline_ingest_cpu_seconds_total{stage=\"thumbnail\"}"));
    }

    @Test
    void webPageFindsTheDroppedPhotoAndSearchesFromAResult() throws Exception {
        Chromium.requireInstalled();
        Path query = photos.get(7);
        String expected = UploadPublisher.imageId(query);
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(base.toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            WebElement input = browser.findElement(By.id("file"));
            browser.executeScript("arguments[0].hidden = false;", input);
            input.sendKeys(query.toRealPath().toString());
            browser.executeScript("arguments[0].hidden = true;", input);
            wait.until(d -> !d.findElements(By.cssSelector("#results li")).isEmpty());
            List<WebElement> results = browser.findElements(By.cssSelector("#results li"));
            assertThat(results.get(0).getAttribute("data-image-id")).isEqualTo(expected);
            wait.until(d -> d.findElement(By.id("status")).getText().contains(PHOTOS + " images indexed"));
            wait.until(
                    d -> (Boolean)
                            ((ChromeDriver) d)
                                    .executeScript(
                                            "return [...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth > 0)"));
            Path shot = Path.of("target", "web-page.png").toAbsolutePath();
            Files.createDirectories(shot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("web page screenshot: " + shot);

            // 'why?' on the first (verified) result draws the query and the result with their matched points.
            String inliers = results.get(0).getAttribute("data-inliers");
            assertThat(inliers).as("the default search verifies").isNotNull();
            results.get(0).findElement(By.cssSelector("button.explain")).click();
            wait.until(d -> d.findElement(By.id("why")).isDisplayed());
            WebElement canvas = browser.findElement(By.id("why-canvas"));
            assertThat(canvas.getAttribute("data-matches")).isEqualTo(inliers);
            assertThat(Integer.parseInt(canvas.getAttribute("width"))).isGreaterThan(360);
            Path why = Path.of("target", "web-page-why.png").toAbsolutePath();
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), why, StandardCopyOption.REPLACE_EXISTING);
            browser.findElement(By.id("why-close")).click();
            wait.until(d -> !d.findElement(By.id("why")).isDisplayed());

            String clicked = results.get(1).getAttribute("data-image-id");
            String before = browser.findElement(By.id("results")).getAttribute("data-done");
            results.get(1).click();
            wait.until(d -> !before.equals(d.findElement(By.id("results")).getAttribute("data-done")));
            List<WebElement> fromResult = browser.findElements(By.cssSelector("#results li"));
            assertThat(fromResult).isNotEmpty();
            assertThat(fromResult).noneMatch(li -> clicked.equals(li.getAttribute("data-image-id")));

            // Clicking an attribute of a result filters the same search by it.
            WebElement chip = fromResult.get(0).findElement(By.cssSelector(".chip"));
            String filter = chip.getText();
            String beforeFilter = browser.findElement(By.id("results")).getAttribute("data-done");
            chip.click();
            wait.until(d -> !beforeFilter.equals(d.findElement(By.id("results")).getAttribute("data-done")));
            assertThat(browser.findElements(By.cssSelector("#results li .chip")))
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.getText()).isEqualTo(filter));
        } finally {
            browser.quit();
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String path, String json) throws Exception {
        return HTTP.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the Prometheus sample named (with its labels) {@code sample}. */
    private static double metricValue(String exposition, String sample) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + sample + " in /metrics"));
    }
}
