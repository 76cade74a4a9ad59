package io.sightline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Sends a photo to a running search endpoint and prints the ranking. */
final class SearchClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** @return the parsed response body; fails with the server's problem detail on a non-200 answer */
    JsonNode search(URI base, Path image, int k) throws IOException, InterruptedException {
        return search(base, image, "k=" + k);
    }

    /** @param parameters the query string, e.g. {@code k=5&mode=pq&rerank=100} */
    JsonNode search(URI base, Path image, String parameters) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/search?" + parameters))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(image)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("search failed (HTTP " + response.statusCode() + "): "
                    + body.path("detail").asText(response.body()));
        }
        return body;
    }

    /** The bytes at {@code path} of the endpoint; fails with the status on a non-200 answer. */
    byte[] get(URI base, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " failed (HTTP " + response.statusCode() + ")");
        }
        return response.body();
    }

    JsonNode getJson(URI base, String path) throws IOException, InterruptedException {
        return json.readTree(get(base, path));
    }

    static void print(PrintWriter out, Path image, JsonNode body) {
        out.printf(
                "Query %s (model %s, encode %.0f ms, search %.1f ms)%n",
                image.getFileName(),
                body.path("modelVersion").asText(),
                body.path("timings").path("encodeMs").asDouble(),
                body.path("timings").path("searchMs").asDouble());
        out.printf("%5s  %7s  %10s  %-14s  %7s  %s%n", "rank", "score", "similarity", "match", "inliers", "imageId");
        for (JsonNode hit : body.path("results")) {
            JsonNode similarity = hit.path("similarity");
            out.printf(
                    "%5d  %7.4f  %10s  %-14s  %7s  %s%n",
                    hit.path("rank").asInt(),
                    hit.path("score").asDouble(),
                    similarity.isNumber() ? String.format(java.util.Locale.ROOT, "%.4f", similarity.asDouble()) : "-",
                    hit.path("match").asText("none"),
                    hit.path("inliers").isInt()
                            ? String.valueOf(hit.path("inliers").asInt())
                            : "-",
                    hit.path("imageId").asText());
        }
        out.flush();
    }
}
